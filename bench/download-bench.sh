#!/usr/bin/env bash
# Benchmark of an artifact download (GET /api/v1/artifacts/{sha256}) beside nginx serving the same
# file with sendfile: one stream, then PARALLEL streams at once. The packaged server (PostgreSQL,
# the README's JVM settings) stores the artifact through the admin API as a publisher would. Rounds
# interleave the two (server, nginx, server, ...); figures are medians of 3 rounds each. Every
# download is checked against the artifact's SHA-256 once, so a fast wrong answer cannot count.
#   bench/download-bench.sh            full run: a 1 GiB artifact
#   bench/download-bench.sh --smoke    CI: a 64 MiB artifact
# Env: REBUILD=1 to repackage the server, SIZE_MB, PARALLEL (8), SERVER_JAVA_OPTS.
set -euo pipefail
source "$(dirname "$0")/server/common.sh"

SIZE_MB=${SIZE_MB:-1024}
PARALLEL=${PARALLEL:-8}
ROUNDS=3
NGINX_PORT=${NGINX_PORT:-18082}
case "${1:-}" in
  --smoke) SIZE_MB=${SIZE_MB_SMOKE:-64} ;;
  "") ;;
  *) echo "usage: $0 [--smoke]" >&2; exit 2 ;;
esac

ensure_packages nginx-light postgresql curl jq
fresh_database
build_server
start_server

log "making a $SIZE_MB MiB artifact"
mkdir -p "$WORK/www/api/v1/artifacts"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$WORK/artifact.bin"
sha=$(sha256sum "$WORK/artifact.bin" | cut -d' ' -f1)
size=$(stat -c %s "$WORK/artifact.bin")
# nginx serves the same file under the same path, read-only for its unprivileged workers.
ln "$WORK/artifact.bin" "$WORK/www/api/v1/artifacts/$sha"
chmod 755 "$WORK/www" "$WORK/www/api" "$WORK/www/api/v1" "$WORK/www/api/v1/artifacts"
chmod 644 "$WORK/artifact.bin"

log "storing it through the admin API (draft, upload, publish)"
URL="http://127.0.0.1:$SERVER_PORT"
H="Authorization: Bearer $ADMIN_TOKEN"
jq -n --arg sha "$sha" --argjson size "$size" \
  '{product: "default", version: "1.0.0", channel: "stable", releaseDate: (now | todate),
    expires: (now + 90 * 86400 | todate),
    components: {app: {version: "1.0.0", sha256: $sha, size: $size}}}' >"$WORK/manifest.json"
R=$URL/api/v1/admin/releases/default/1.0.0
curl -fsS -o /dev/null -H "$H" -H 'Content-Type: application/json' \
  --data-binary @"$WORK/manifest.json" "$URL/api/v1/admin/releases"
curl -fsS -o /dev/null -H "$H" -H 'Content-Type: application/octet-stream' \
  -T "$WORK/artifact.bin" "$R/artifacts/app"
curl -fsS -o /dev/null -H "$H" -H 'Content-Type: application/json' -d '{"channel":"stable"}' "$R/publish"

cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $WORK/nginx-body;
  proxy_temp_path $WORK/nginx-proxy;
  fastcgi_temp_path $WORK/nginx-fastcgi;
  uwsgi_temp_path $WORK/nginx-uwsgi;
  scgi_temp_path $WORK/nginx-scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    default_type application/octet-stream;
  }
}
EOF
nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
for _ in $(seq 1 20); do
  curl -fsS -o /dev/null -r 0-0 "http://127.0.0.1:$NGINX_PORT/api/v1/artifacts/$sha" 2>/dev/null && break
  sleep 0.25
done

for port in "$SERVER_PORT" "$NGINX_PORT"; do
  got=$(curl -fsS "http://127.0.0.1:$port/api/v1/artifacts/$sha" | sha256sum | cut -d' ' -f1)
  [[ "$got" == "$sha" ]] || { echo "port $port served other bytes ($got, not $sha)" >&2; exit 1; }
done

# MB/s of N parallel whole downloads (N=1: one stream), from the first start to the last end.
measure() { # port parallel
  local started ended curls=()
  started=$(date +%s%N)
  for ((i = 0; i < $2; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/api/v1/artifacts/$sha" &
    curls+=($!)
  done
  # Only the downloads: a bare wait would also wait for the server and nginx.
  for pid in "${curls[@]}"; do
    wait "$pid"
  done
  ended=$(date +%s%N)
  awk -v b="$(($2 * size))" -v ns="$((ended - started))" 'BEGIN {printf "%.1f\n", b / 1048576 / (ns / 1e9)}'
}

log "measuring: $ROUNDS rounds, server then nginx, 1 and $PARALLEL streams"
for ((round = 1; round <= ROUNDS; round++)); do
  for n in 1 "$PARALLEL"; do
    measure "$SERVER_PORT" "$n" >>"$WORK/server.$n"
    measure "$NGINX_PORT" "$n" >>"$WORK/nginx.$n"
  done
done

printf '\n%-34s %14s %14s\n' "GET /api/v1/artifacts/{sha256}" "1 stream MB/s" "$PARALLEL streams MB/s"
printf '%-34s %14s %14s\n' "nginx (sendfile)" "$(median <"$WORK/nginx.1")" "$(median <"$WORK/nginx.$PARALLEL")"
printf '%-34s %14s %14s\n' "openupdate server" "$(median <"$WORK/server.1")" "$(median <"$WORK/server.$PARALLEL")"
awk -v s1="$(median <"$WORK/server.1")" -v n1="$(median <"$WORK/nginx.1")" \
  -v sp="$(median <"$WORK/server.$PARALLEL")" -v np="$(median <"$WORK/nginx.$PARALLEL")" -v p="$PARALLEL" 'BEGIN {
  printf "ratio server/nginx: 1 stream %.2fx (target >= 0.90x), %d streams %.2fx\n", s1 / n1, p, sp / np }'
echo "($SIZE_MB MiB artifact, medians of $ROUNDS rounds, loopback, $(nproc) cores shared by curl, nginx and the server)"
