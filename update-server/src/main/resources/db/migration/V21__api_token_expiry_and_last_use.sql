-- API tokens may expire, and admins see when each was last used (recorded at most once a minute per
-- token, see TokenService). Portable SQL: runs unchanged on H2 and PostgreSQL 15.
alter table api_tokens add column expires_at timestamp with time zone;
alter table api_tokens add column last_used_at timestamp with time zone;
