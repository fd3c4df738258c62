-- What a person on a machine decided about the update its agent offers (issue 13): the versions
-- dismissed there and the install scheduled there, as the agent's last check told them
-- (X-Dismissed-Versions, X-Scheduled-Install); null when it told none. Portable SQL: runs unchanged
-- on H2 and PostgreSQL 15.

-- Comma separated, at most 10 versions (the check ignores a longer list): 10 x 128 + 9 commas.
alter table fleet_clients add column dismissed_versions varchar(1289);
alter table fleet_clients add column scheduled_version varchar(128);
alter table fleet_clients add column scheduled_at timestamp with time zone;
