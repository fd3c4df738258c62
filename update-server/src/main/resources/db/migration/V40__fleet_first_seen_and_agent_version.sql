-- What the fleet view shows of each client beyond its version: since when the server knows it, and
-- which agent version it runs. Portable SQL: runs unchanged on H2 and PostgreSQL 15.

-- Set when a client is first written; null for clients last written before this migration.
alter table fleet_clients add column first_seen timestamp with time zone;
-- The agent's own version (X-Agent-Version); null when the agent sent none or an invalid one.
alter table fleet_clients add column agent_version varchar(50);
