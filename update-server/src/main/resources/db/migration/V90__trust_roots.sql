-- Trust root documents (manifest-schema README, "Trust root"), stored as uploaded: the exact bytes
-- their detached signatures cover. Versions start at 1 and each is exactly one above the last.
-- Portable SQL: runs unchanged on H2 and PostgreSQL 15.
create table trust_roots (
  version integer not null primary key,
  document bytea not null,
  signature bytea not null,
  expires_at timestamp with time zone not null,
  created_at timestamp with time zone not null,
  created_by varchar(100) not null
);
