#!/usr/bin/env bash
# Benchmark of POST /api/v1/updates/status on PostgreSQL: reports/s made durable by the packaged
# server (group commit, 202 only after commit) beside raw PostgreSQL inserts of the same rows, one
# transaction each (pgbench). Rounds interleave the two (server, pgbench, server, ...); figures are
# medians of 3 rounds each.
#   bench/status-bench.sh            full run (20 s per side)
#   bench/status-bench.sh --smoke    CI: a few seconds per side
# Env: REBUILD=1 to repackage the server, CONNECTIONS (256), PG_CLIENTS (48), DURATION (20s).
set -euo pipefail
source "$(dirname "$0")/server/common.sh"

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-256}
# PostgreSQL allows 100 connections by default and other clients may hold some.
PG_CLIENTS=${PG_CLIENTS:-48}
if [[ "${1:-}" == "--smoke" ]]; then
  DURATION=3s
fi
SECONDS_ONLY=${DURATION%s}

ensure_packages wrk postgresql curl
fresh_database
build_server
start_server

log "seeding release 2.0.0 of 'bench' on stable"
psql_bench <<'SQL'
insert into products (name, description, created_at) values ('bench', 'benchmark product', now());
insert into releases (product_id, version, state, manifest, manifest_sha256, mandatory, expires_at,
                      created_at, created_by)
select id, '2.0.0', 'PUBLISHED', convert_to('{}', 'UTF8'), repeat('0', 64), false,
       now() + interval '30 days', now(), 'bench' from products where name = 'bench';
insert into publications (release_id, channel_id, published_at, published_by)
select r.id, c.id, now(), 'bench' from releases r, channels c where r.version = '2.0.0' and c.name = 'stable';
create table bench_raw_reports (like status_reports including defaults including identity);
create unique index on bench_raw_reports (report_id);
SQL

SAMPLE='{"reportId":"r-warmup-0001","clientId":"c-warmup","product":"bench","version":"2.0.0","channel":"stable","status":"completed","timestamp":"2026-03-15T10:00:00Z"}'
for _ in $(seq 1 60); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$SAMPLE" \
    "http://127.0.0.1:$SERVER_PORT/api/v1/updates/status")
  [[ "$code" == 202 ]] && break
  sleep 0.5
done
[[ "$code" == 202 ]] || { echo "status endpoint answered $code" >&2; exit 1; }

log "warming up"
wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/server/status-report.lua" \
  "http://127.0.0.1:$SERVER_PORT/" >/dev/null
# Rounds interleaved (server, pgbench, server, ...): both see the same machine load; medians of 3.
ROUNDS=3
for ((round = 1; round <= ROUNDS; round++)); do
  before=$(psql_bench -Atc "select count(*) from status_reports")
  log "round $round: the server, $CONNECTIONS connections, $DURATION"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/server/status-report.lua" \
    "http://127.0.0.1:$SERVER_PORT/" >"$WORK/server.txt"
  read -r rps p50 p99 bad < <(wrk_figures "$WORK/server.txt")
  after=$(psql_bench -Atc "select count(*) from status_reports")
  stored=$((after - before))
  acked=$(awk '/requests in/ {print $1}' "$WORK/server.txt")
  if [[ "$bad" != 0 ]]; then
    echo "server answered $bad non-2xx" >&2
    exit 1
  fi
  if ((stored < acked)); then
    echo "only $stored of $acked acknowledged reports are in the database" >&2
    exit 1
  fi
  echo "$rps" >>"$WORK/server.rps"
  echo "$p50" >>"$WORK/server.p50"
  echo "$p99" >>"$WORK/server.p99"
  echo "$acked $stored" >>"$WORK/stored"

  log "round $round: raw PostgreSQL inserts (pgbench, one transaction per row), $PG_CLIENTS clients"
  PGPASSWORD=openupdate /usr/lib/postgresql/15/bin/pgbench -n -h 127.0.0.1 -U openupdate \
    -c "$PG_CLIENTS" -j 2 -T "$SECONDS_ONLY" -f "$ROOT/bench/server/pg-insert.sql" "$BENCH_DB" \
    >"$WORK/pgbench.txt" 2>&1 || { cat "$WORK/pgbench.txt" >&2; exit 1; }
  awk '/^tps/ {print $3; exit}' "$WORK/pgbench.txt" >>"$WORK/pg.tps"
  awk '/latency average/ {print $4; exit}' "$WORK/pgbench.txt" >>"$WORK/pg.lat"
done
s_rps=$(median <"$WORK/server.rps") s_p50=$(median <"$WORK/server.p50") s_p99=$(median <"$WORK/server.p99")
pg_tps=$(median <"$WORK/pg.tps") pg_lat=$(median <"$WORK/pg.lat")
after=$(psql_bench -Atc "select count(*) from status_reports")
read -r acked stored < <(awk '{a += $1; s += $2} END {print a, s}' "$WORK/stored")

read -r batches batch_seconds < <(curl -fsS "http://127.0.0.1:$SERVER_PORT/q/metrics" |
  awk '/^update_status_ingest_seconds_count/ {c = $2} /^update_status_ingest_seconds_sum/ {s = $2} END {print c, s}')

printf '\n%-44s %12s %10s %10s\n' "status reports on PostgreSQL" "reports/s" "p50 ms" "p99 ms"
printf '%-44s %12.0f %10.3f %10.3f   (rounds: %s)\n' "openupdate server (HTTP, 202 after commit)" "$s_rps" "$s_p50" "$s_p99" "$(paste -sd/ "$WORK/server.rps" | sed 's/\.[0-9]*//g')"
printf '%-44s %12.0f %10s %10s\n' "raw INSERT, one transaction each (pgbench)" "$pg_tps" "avg $pg_lat" "-"
awk -v s="$s_rps" -v p="$pg_tps" 'BEGIN {
  printf "ratio server/raw inserts: %.2fx; target >= 10000 reports/s: %s\n", s / p, (s >= 10000 ? "met" : "not met") }'
awk -v b="$batches" -v s="$batch_seconds" -v n="$after" 'BEGIN {
  printf "group commit: %d batches, %.1f reports per batch, %.2f ms per batch transaction\n", b, n / b, 1000 * s / b }'
echo "(medians of $ROUNDS rounds, interleaved; acknowledged $acked, stored $stored rows; $CONNECTIONS HTTP connections, $PG_CLIENTS pgbench clients, $DURATION, $(nproc) cores shared by wrk, the server and PostgreSQL)"
