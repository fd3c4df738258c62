-- Console sign-ins: a session belongs to the API token it was made with. Only the SHA-256 of the
-- session id (the cookie's value) is stored, so a database read does not hand out sessions; kept in
-- the database so that two instances behind one load balancer know the same sessions.
create table console_sessions (
  id_sha256 varchar(64) primary key,
  token_name varchar(100) not null,
  csrf_token varchar(64) not null,
  created_at timestamp with time zone not null,
  expires_at timestamp with time zone not null
);
create index console_sessions_expiry on console_sessions (expires_at);
