-- pgbench script: one status-report-shaped row per transaction, the reference for status ingest.
\set n random(1, 1000000000)
insert into bench_raw_reports (report_id, client_id, product, from_version, version, channel,
  status, reported_at, received_at, download_seconds, install_seconds)
values ('r-' || :client_id || '-' || :n || '-' || random(), 'c-' || :n, 'bench', '1.0.0', '2.0.0',
  'stable', 'completed', now(), now(), 1.5, 3.0);
