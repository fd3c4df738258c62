-- Why an agent refused an offer (status refused) or rolled back (status rolled-back).
-- Portable SQL: runs unchanged on H2 and PostgreSQL 15.
alter table status_reports add column refusal varchar(30);
alter table status_reports add column rollback_reason varchar(30);
