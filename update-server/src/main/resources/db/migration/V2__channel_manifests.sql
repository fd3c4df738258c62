-- A release put on a channel other than the one its manifest names gets its own manifest for that
-- channel (re-signed by the server), because clients refuse manifests bound to another channel.
-- Null means the publication serves the release's own manifest.
alter table publications add column manifest bytea;
alter table publications add column manifest_sha256 varchar(64);
alter table publications add column signature bytea;
