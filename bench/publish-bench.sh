#!/usr/bin/env bash
# Benchmark of publishing into a large catalog, on PostgreSQL: the publish call's latency into a
# catalog of 30,000 releases beside the same call into an empty one (rounds interleaved: empty,
# large, empty, ...), how soon a second instance on the same database offers the new release, each
# instance's start to ready, and the size of /q/metrics with the large catalog.
#   bench/publish-bench.sh            full run: 1,000 products x 3 channels x 10 releases, 5 rounds
#   bench/publish-bench.sh --smoke    CI: 100 products (3,000 releases), 3 rounds
# Env: REBUILD=1 to repackage the server, PRODUCTS, PER_CHANNEL (10), ROUNDS.
set -euo pipefail
BENCH_DB=${BENCH_DB:-openupdate_publishbench}
source "$(dirname "$0")/server/common.sh"

PRODUCTS=${PRODUCTS:-1000}
PER_CHANNEL=${PER_CHANNEL:-10}
ROUNDS=${ROUNDS:-5}
if [[ "${1:-}" == "--smoke" ]]; then
  PRODUCTS=100
  ROUNDS=3
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--smoke]" >&2
  exit 2
fi
RELEASES=$((PRODUCTS * 3 * PER_CHANNEL))
LARGE_DB=$BENCH_DB
EMPTY_DB=${BENCH_DB}_empty
# Not the other benches' ports: they may run at the same time on a shared machine.
LARGE_PORT=18100
SECOND_PORT=18101
EMPTY_PORT=18102

ensure_packages postgresql curl jq
BENCH_DB=$EMPTY_DB fresh_database
fresh_database
build_server

SERVER_PORT=$EMPTY_PORT BENCH_DB=$EMPTY_DB DATA_DIR=$WORK/empty SERVER_LOG=$WORK/empty.log start_server
empty_ready=$READY_SECONDS
EMPTY_PID=$SERVER_PID
SERVER_PORT=$LARGE_PORT BENCH_DB=$LARGE_DB DATA_DIR=$WORK/large SERVER_LOG=$WORK/large.log start_server

log "seeding $RELEASES releases ($PRODUCTS products x 3 channels x $PER_CHANNEL)"
psql_bench -v products="$PRODUCTS" -v per="$PER_CHANNEL" -f "$ROOT/bench/server/catalog-seed.sql"
# The second instance shares the first one's database and data directory (its signing key); it
# starts with the large catalog in place.
SERVER_PORT=$SECOND_PORT BENCH_DB=$LARGE_DB DATA_DIR=$WORK/large SERVER_LOG=$WORK/second.log start_server
large_ready=$READY_SECONDS
log "ready after ${empty_ready} s (empty), ${large_ready} s (large catalog)"
# A restart of the empty one: start to ready with a data directory and database already made.
stop_server "$EMPTY_PID"
SERVER_PORT=$EMPTY_PORT BENCH_DB=$EMPTY_DB DATA_DIR=$WORK/empty SERVER_LOG=$WORK/empty.log start_server
restart_ready=$READY_SECONDS

admin() { # port method path [curl args...]; a refused call prints the server's answer and stops
  local port=$1 method=$2 path=$3
  shift 3
  if ! curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $ADMIN_TOKEN" "$@" \
    "http://127.0.0.1:$port/api/v1/admin$path"; then
    echo "$method $path on port $port was refused" >&2
    exit 1
  fi
}

# A draft with one uploaded component; prints nothing.
draft() { # port version
  local port=$1 version=$2 artifact="$WORK/artifact.bin" manifest="$WORK/manifest.json"
  head -c 4096 /dev/urandom >"$artifact"
  jq -n --arg version "$version" --arg sha "$(sha256sum "$artifact" | cut -d' ' -f1)" \
    --arg released "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg expires "$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)" '
    {product: "pub", version: $version, channel: "stable", releaseDate: $released, expires: $expires,
     mandatory: false,
     components: {app: {version: $version, sha256: $sha, size: 4096, required: true}}}' >"$manifest"
  admin "$port" POST /releases -H 'Content-Type: application/json' --data-binary "@$manifest" >"$WORK/draft.json" || { cat "$WORK/draft.json" >&2; exit 1; }
  admin "$port" PUT "/releases/pub/$version/artifacts/app" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$artifact" >/dev/null
}

# Milliseconds of the publish call alone.
publish_ms() { # port version
  admin "$1" POST "/releases/pub/$2/publish" -H 'Content-Type: application/json' \
    --data '{"channel": "stable"}' -o "$WORK/published.json" -w '%{time_total}\n' ||
    { cat "$WORK/published.json" >&2; exit 1; }
}

offered() { # port -> the version the check offers product pub's 1.0.0 client, or nothing
  curl -fsS -H 'X-Product: pub' -H 'X-Channel: stable' -H 'X-Current-Version: 1.0.0' \
    -H 'X-Client-Id: publish-bench' "http://127.0.0.1:$1/api/v1/updates/check" | jq -r '.version // empty'
}

for port in $EMPTY_PORT $LARGE_PORT; do
  admin "$port" POST /products -H 'Content-Type: application/json' \
    --data '{"name": "pub", "description": "publish bench"}' >/dev/null
done
# One publish each first: the JIT's and the connection pools' first use are not what is measured.
for port in $EMPTY_PORT $LARGE_PORT; do
  draft "$port" 2.0.0
  publish_ms "$port" 2.0.0 >/dev/null
done

log "measuring: $ROUNDS rounds, a publish into the empty catalog, then one into the large one"
for ((round = 1; round <= ROUNDS; round++)); do
  version=2.0.$round
  draft $EMPTY_PORT "$version"
  publish_ms $EMPTY_PORT "$version" | awk '{printf "%.1f\n", $1 * 1000}' >>"$WORK/empty.ms"
  draft $LARGE_PORT "$version"
  publish_ms $LARGE_PORT "$version" | awk '{printf "%.1f\n", $1 * 1000}' >>"$WORK/large.ms"
  [[ "$(offered $LARGE_PORT)" == "$version" ]] || { echo "the publishing instance does not offer $version" >&2; exit 1; }
  published=$(date +%s%N)
  until [[ "$(offered $SECOND_PORT)" == "$version" ]]; do
    if (($(date +%s%N) - published > 30000000000)); then
      echo "the second instance did not offer $version within 30 s" >&2
      exit 1
    fi
    sleep 0.05
  done
  awk -v a="$published" -v b="$(date +%s%N)" 'BEGIN {printf "%.0f\n", (b - a) / 1e6}' >>"$WORK/second.ms"
done

for _ in 1 2 3; do
  curl -fsS -o "$WORK/metrics.txt" -w '%{time_total}\n' "http://127.0.0.1:$LARGE_PORT/q/metrics" |
    awk '{printf "%.1f\n", $1 * 1000}' >>"$WORK/scrape.ms"
done
series=$(grep -vc '^#' "$WORK/metrics.txt")
bytes=$(wc -c <"$WORK/metrics.txt")

printf '\n%-52s %12s %14s\n' "publish into a catalog (PostgreSQL)" "figure" "reference"
awk -v l="$(median <"$WORK/large.ms")" -v e="$(median <"$WORK/empty.ms")" -v n="$RELEASES" 'BEGIN {
  printf "%-52s %9.0f ms %11.0f ms   (%.2fx the empty catalog; target < 500 ms)\n", "publish call, median, " n " releases vs empty", l, e, l / e }'
awk -v s="$(median <"$WORK/second.ms")" -v m="$(sort -n "$WORK/second.ms" | tail -1)" 'BEGIN {
  printf "%-52s %9.0f ms %14s   (slowest %d ms; target <= 2000 ms)\n", "second instance offers it after, median", s, "-", m }'
awk -v l="$large_ready" -v e="$empty_ready" -v r="$restart_ready" 'BEGIN {
  printf "%-52s %10.2f s %12.2f s   (restart: %.2f s; target < 5 s)\n", "start to ready, large catalog vs fresh data dir", l, e, r }'
awk -v s="$series" -v b="$bytes" -v t="$(median <"$WORK/scrape.ms")" 'BEGIN {
  printf "%-52s %12d %14s   (%.0f KB, %.0f ms a scrape)\n", "/q/metrics series with the large catalog", s, "-", b / 1024, t }'
echo "(medians of $ROUNDS rounds; each publish: one release with one 4 KiB component on stable; $(nproc) cores"
echo " shared by the three servers, PostgreSQL and curl)"
