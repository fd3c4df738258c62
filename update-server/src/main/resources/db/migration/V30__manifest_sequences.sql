-- The channel's signing counter: every manifest signed for the channel carries the next value, so
-- agents can tell a newer signed statement from a replayed older one. Raised under the row lock of
-- an UPDATE, which serializes server instances sharing one database.
-- Portable SQL: runs unchanged on H2 and PostgreSQL 15.
alter table channels add column manifest_sequence bigint default 0 not null;
