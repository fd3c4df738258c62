-- What callers send is limited in one place, the schemas (a version: 128 characters, as in
-- manifest-schema's Version and JSON Schemas) or the request records' validation; the columns are
-- wide enough for all that those let through, so a long value is refused naming its field instead
-- of failing in the database. Portable SQL: runs unchanged on H2 and PostgreSQL 15.
alter table releases alter column version set data type varchar(128);
alter table releases alter column minimum_version set data type varchar(128);
alter table status_reports alter column report_id set data type varchar(128);
alter table status_reports alter column from_version set data type varchar(128);
alter table status_reports alter column version set data type varchar(128);
alter table update_attempts alter column version set data type varchar(128);
alter table fleet_clients alter column version set data type varchar(128);
alter table licenses alter column version_ceiling set data type varchar(128);
-- Comma separated lists (PolicyRequest, LicenseRequest): at most 100 versions of up to 128
-- characters, at most 50 channel names of up to 64.
alter table release_policies alter column blocked_versions set data type varchar(12900);
alter table release_policies alter column allowed_channels set data type varchar(3250);
alter table licenses alter column blocked_versions set data type varchar(12900);
alter table licenses alter column allowed_channels set data type varchar(3250);
-- fleet_versions (V41) keeps the versions fleet_clients holds, so it is as wide.
alter table fleet_versions alter column version set data type varchar(128);
