-- A release's failed and rolled-back reports (its failure reasons), read without its successes.
-- Portable SQL: runs unchanged on H2 and PostgreSQL 15.
create index ix_status_reports_outcome on status_reports (product, status, version);
