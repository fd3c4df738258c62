#!/usr/bin/env bash
# Benchmark of GET /api/v1/updates/check as a fleet polls it: client ids rotating over CLIENTS
# values (100,000; the fleet variant 1,000,000), the packaged server (PostgreSQL, 1,000 releases of
# the polled product, 10,000 licenses) started with the README's JVM settings, beside nginx serving
# a static file of the same answer bytes. Rounds interleave the two (server, nginx, server, ...);
# figures are medians of 3 rounds each. Also prints the server's RSS after its rounds of load and
# the sightings recorded in fleet_clients beside the distinct ids answered.
#   bench/check-bench.sh                    full run (20 s rounds)
#   bench/check-bench.sh --catalog          + a catalog of 30,000 other releases (publish-bench's seed)
#   bench/check-bench.sh --fleet            1,000,000 distinct client ids
#   bench/check-bench.sh --smoke [...]      CI: 3 s rounds (the catalog variant: 3,000 releases)
# Env: REBUILD=1 to repackage the server, CONNECTIONS (64), DURATION (20s), CLIENTS,
# SERVER_JAVA_OPTS (default: the README's).
set -euo pipefail
source "$(dirname "$0")/server/common.sh"

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=2
RELEASES=1000
LICENSES=10000
CATALOG_PRODUCTS=0
CLIENTS_DEFAULT=100000
SMOKE=0
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    --catalog) CATALOG_PRODUCTS=1000 ;;
    --fleet) CLIENTS_DEFAULT=1000000 ;;
    *) echo "usage: $0 [--smoke] [--catalog] [--fleet]" >&2; exit 2 ;;
  esac
done
if ((SMOKE)); then
  DURATION=3s
  ((CATALOG_PRODUCTS)) && CATALOG_PRODUCTS=100
fi
export CLIENTS=${CLIENTS:-$CLIENTS_DEFAULT} THREADS
NGINX_PORT=${NGINX_PORT:-18081}
ROUNDS=3

ensure_packages wrk nginx-light postgresql curl
fresh_database
build_server

# One event loop, as nginx runs one worker: on 2 cores shared with wrk, more loops only switch.
start_server -Dquarkus.vertx.event-loops-pool-size=1

log "seeding $RELEASES releases and $LICENSES licenses"
psql_bench -v releases=$RELEASES -v licenses=$LICENSES -f "$ROOT/bench/server/seed.sql"
if ((CATALOG_PRODUCTS)); then
  log "seeding a catalog of $((CATALOG_PRODUCTS * 30)) more releases"
  psql_bench -v products=$CATALOG_PRODUCTS -v per=10 -f "$ROOT/bench/server/catalog-seed.sql"
fi

CURL_HEADERS=(-H "X-Product: bench" -H "X-Channel: stable" -H "X-Current-Version: 1.0.0"
  -H "X-Client-Id: answer-probe" -H "X-License-Key: bench-key-4242")
# The server notices the new rows within its refresh interval (no restart, no admin call).
for _ in $(seq 1 120); do
  curl -fsS "${CURL_HEADERS[@]}" "http://127.0.0.1:$SERVER_PORT/api/v1/updates/check" \
    >"$WORK/check.json" 2>/dev/null || true
  grep -q '"version":"1.9.99"' "$WORK/check.json" && break
  sleep 0.5
done
grep -q '"version":"1.9.99"' "$WORK/check.json" || { echo "check never offered 1.9.99" >&2; cat "$WORK/check.json" >&2; exit 1; }
chmod 644 "$WORK/check.json"
log "check answer ($(wc -c <"$WORK/check.json") bytes): $(cat "$WORK/check.json")"

sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" "$ROOT/bench/server/nginx.conf.template" >"$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
for _ in $(seq 1 20); do
  curl -fsS "http://127.0.0.1:$NGINX_PORT/api/v1/updates/check" >/dev/null 2>&1 && break
  sleep 0.25
done
cmp -s "$WORK/check.json" <(curl -fsS "http://127.0.0.1:$NGINX_PORT/api/v1/updates/check") \
  || { echo "nginx does not serve the same bytes" >&2; exit 1; }

run_wrk() { # duration port output
  wrk -t$THREADS -c"$CONNECTIONS" -d"$1" --latency -s "$ROOT/bench/server/rotating-check.lua" \
    "http://127.0.0.1:$2/api/v1/updates/check" >"$3"
}

# Long enough for C2 to finish compiling the poll's path (with 3 s, the first round still ran
# partly interpreted and read 5-10 % low); ids of their own, so the measured ids are new.
WARMUP=$( ((SMOKE)) && echo 3s || echo 10s)
log "warming up the JIT ($WARMUP, ids of their own: the measured ids are new to the server)"
CLIENTS=1000 PREFIX=warmup- run_wrk "$WARMUP" "$SERVER_PORT" /dev/null

log "measuring: $ROUNDS rounds of $DURATION each, server then nginx, $CLIENTS rotating client ids"
# Each server round goes on with each thread's ids where it stopped. A thread's answered ids are the
# first ones it sent in the round (only the last request of each connection is still in flight when
# wrk stops); their union over the rounds, modulo the thread's share of the ids, is what was answered.
for ((t = 0; t < THREADS; t++)); do export "START$t=0"; done
: >"$WORK/answered"
for ((round = 1; round <= ROUNDS; round++)); do
  run_wrk "$DURATION" "$SERVER_PORT" "$WORK/server.$round.txt"
  while read -r t sent answered_now; do
    start_var=START$t
    echo "$t ${!start_var} $answered_now" >>"$WORK/answered"
    export "START$t=$((${!start_var} + sent))"
  done < <(awk '/^thread / {print $2, $4, $6}' "$WORK/server.$round.txt")
  (for ((t = 0; t < THREADS; t++)); do unset "START$t"; done; run_wrk "$DURATION" "$NGINX_PORT" "$WORK/nginx.$round.txt")
done
answered=$(awk -v c="$CLIENTS" -v t="$THREADS" '{
    share = int((c - $1 + t - 1) / t)
    for (p = $2; p < $2 + $3 && p < $2 + share; p++) seen[$1 " " (p % share)] = 1
  } END {n = 0; for (k in seen) n++; print n}' "$WORK/answered")
rss=$(rss_mb "$SERVER_PID")

for side in server nginx; do
  for ((round = 1; round <= ROUNDS; round++)); do
    read -r rps p50 p99 bad < <(wrk_figures "$WORK/$side.$round.txt")
    if [[ "$bad" != 0 ]]; then
      echo "$side answered $bad non-2xx in round $round" >&2
      exit 1
    fi
    echo "$rps" >>"$WORK/$side.rps"
    echo "$p50" >>"$WORK/$side.p50"
    echo "$p99" >>"$WORK/$side.p99"
  done
done

# Sightings are written behind (every openupdate.fleet.flush-interval, 5 s): wait for the count to settle.
recorded=0
for _ in $(seq 1 60); do
  sleep 1
  now=$(psql_bench -Atc "select count(*) from fleet_clients where product = 'bench' and client_id like 'bench-%'")
  ((now == recorded && now >= answered)) && break
  recorded=$now
done
recorded=$(psql_bench -Atc "select count(*) from fleet_clients where product = 'bench' and client_id like 'bench-%'")
shed=$(curl -fsS "http://127.0.0.1:$SERVER_PORT/q/metrics" | awk '/^update_fleet_sightings_shed_total/ {print $2}')

s_rps=$(median <"$WORK/server.rps") n_rps=$(median <"$WORK/nginx.rps")
s_p50=$(median <"$WORK/server.p50") n_p50=$(median <"$WORK/nginx.p50")
s_p99=$(median <"$WORK/server.p99") n_p99=$(median <"$WORK/nginx.p99")
printf '\n%-28s %12s %10s %10s\n' "GET /api/v1/updates/check" "requests/s" "p50 ms" "p99 ms"
printf '%-28s %12.0f %10.3f %10.3f\n' "nginx (static file)" "$n_rps" "$n_p50" "$n_p99"
printf '%-28s %12.0f %10.3f %10.3f\n' "openupdate server" "$s_rps" "$s_p50" "$s_p99"
awk -v s="$s_rps" -v n="$n_rps" -v sp="$s_p99" -v np="$n_p99" 'BEGIN {
  printf "ratio server/nginx: throughput %.2fx (target >= 0.90x), p99 %.2fx (target <= 2x)\n", s / n, sp / np }'
seconds=$((${WARMUP%s} + ROUNDS * ${DURATION%s}))
printf 'server RSS after %d s of check load: %d MB (target < 400 MB; JVM: %s)\n' "$seconds" "$rss" "$SERVER_JAVA_OPTS"
printf 'sightings: %d distinct client ids answered, %d recorded in fleet_clients, %d lost (target 0), %s shed\n' \
  "$answered" "$recorded" "$((answered > recorded ? answered - recorded : 0))" "${shed:-?}"
echo "($RELEASES releases of the polled product$( ((CATALOG_PRODUCTS)) && echo " + $((CATALOG_PRODUCTS * 30)) in the catalog"),"
echo " $LICENSES licenses, $CONNECTIONS connections, medians of $ROUNDS rounds of $DURATION, $(nproc) cores shared by wrk, nginx and the server)"
