-- Fleet read path: the versions the fleet runs, and the index behind a machine's report timeline.
-- Portable SQL: runs unchanged on H2 and PostgreSQL 15.

-- Every (product, channel, version) that fleet_clients holds or held, written with the sightings. A
-- drift state filter classifies these few rows in Java (SemVer precedence does not fit SQL) and asks
-- fleet_clients for the matching versions, through ix_fleet_clients_version.
create table fleet_versions (
  product varchar(100) not null,
  channel varchar(100) not null,
  version varchar(100) not null,
  constraint pk_fleet_versions primary key (product, channel, version)
);
insert into fleet_versions (product, channel, version)
  select distinct product, channel, version from fleet_clients;

-- A machine's reports, newest first, and each client's last report on the fleet page.
create index ix_status_reports_client on status_reports (client_id, received_at);
