#!/usr/bin/env bash
# Benchmark of GET /api/v1/updates/check: the packaged server (PostgreSQL, 1,000 releases, 10,000
# licenses) beside nginx serving a static JSON of the same answer, measured by wrk in one run.
# Prints requests/s, p50/p99 latency and the server/nginx ratios.
#   bench/check-bench.sh            full run (20 s per side)
#   bench/check-bench.sh --smoke    CI: a few seconds per side, same figures
# Env: REBUILD=1 to repackage the server, CONNECTIONS (64), DURATION (20s), SERVER_JAVA_OPTS.
set -euo pipefail
source "$(dirname "$0")/server/common.sh"

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
RELEASES=1000
LICENSES=10000
if [[ "${1:-}" == "--smoke" ]]; then
  DURATION=3s
fi
NGINX_PORT=${NGINX_PORT:-18081}

ensure_packages wrk nginx-light postgresql curl
fresh_database
build_server
# One event loop, as nginx runs one worker: on 2 cores shared with wrk, more loops only switch.
start_server -Dquarkus.vertx.event-loops-pool-size=1

log "seeding $RELEASES releases and $LICENSES licenses"
psql_bench -v releases=$RELEASES -v licenses=$LICENSES -f "$ROOT/bench/server/seed.sql"

HEADERS=(-H "X-Product: bench" -H "X-Channel: stable" -H "X-Current-Version: 1.0.0"
  -H "X-Client-Id: 3f1c2a9e-bench-client" -H "X-License-Key: bench-key-4242")
CURL_HEADERS=()
for h in "${HEADERS[@]}"; do [[ "$h" == -H ]] || CURL_HEADERS+=(-H "$h"); done

# The server notices the new rows within its refresh interval (no restart, no admin call).
for _ in $(seq 1 60); do
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

log "warming up the JIT"
wrk -t2 -c"$CONNECTIONS" -d3s "${HEADERS[@]}" "http://127.0.0.1:$SERVER_PORT/api/v1/updates/check" >/dev/null

log "measuring nginx, then the server: $CONNECTIONS connections, $DURATION each"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${HEADERS[@]}" \
  "http://127.0.0.1:$NGINX_PORT/api/v1/updates/check" >"$WORK/nginx.txt"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${HEADERS[@]}" \
  "http://127.0.0.1:$SERVER_PORT/api/v1/updates/check" >"$WORK/server.txt"

read -r n_rps n_p50 n_p99 n_bad < <(wrk_figures "$WORK/nginx.txt")
read -r s_rps s_p50 s_p99 s_bad < <(wrk_figures "$WORK/server.txt")
if [[ "$s_bad" != 0 || "$n_bad" != 0 ]]; then
  echo "non-2xx answers: server $s_bad, nginx $n_bad" >&2
  exit 1
fi

printf '\n%-28s %12s %10s %10s\n' "GET /api/v1/updates/check" "requests/s" "p50 ms" "p99 ms"
printf '%-28s %12.0f %10.3f %10.3f\n' "nginx (static file)" "$n_rps" "$n_p50" "$n_p99"
printf '%-28s %12.0f %10.3f %10.3f\n' "openupdate server" "$s_rps" "$s_p50" "$s_p99"
awk -v s="$s_rps" -v n="$n_rps" -v sp="$s_p99" -v np="$n_p99" 'BEGIN {
  printf "ratio server/nginx: throughput %.2fx (target >= 0.90x), p99 %.2fx (target <= 2x)\n", s / n, sp / np }'
echo "($RELEASES releases, $LICENSES licenses, $CONNECTIONS connections, $DURATION, $(nproc) cores shared by wrk, nginx and the server)"
