#!/usr/bin/env bash
# The nginx snippet of update-client/README.md's "Maintenance mode", as written: extracts the block
# marked `<!-- maintenance-nginx -->`, swaps its paths (/var/... -> a temporary folder), its port and
# upstream (free ports on 127.0.0.1) and its allowed network (10.0.0.0/8 -> 127.0.0.2, an address
# this machine can send from), and runs it in a private nginx (own prefix, config, pid and logs; never
# the system's nginx service) in front of a tiny Python application. Checks, for GET and POST:
#   - without the maintenance file: the application answers (200);
#   - with it: 503 with the maintenance page and Retry-After, /maintenance.json served, an allowed
#     address let through to the application;
#   - once it is removed: the application again.
# Needs nginx (nginx-light is enough: it is installed when missing), curl and python3.
#
#   deploy/test/maintenance-nginx.sh
set -euo pipefail
SCRIPT_NAME=maintenance-nginx
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/test/lib.sh
source "$ROOT/deploy/test/lib.sh"

nginx_binary() {
  command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true
}

NGINX=$(nginx_binary)
if [[ -z "$NGINX" ]]; then
  step "installing nginx-light"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq nginx-light
  NGINX=$(nginx_binary)
  [[ -n "$NGINX" ]] || fail "apt-get install nginx-light did not provide nginx"
fi

# nginx's workers run as nobody when started by root: they must be able to see the files.
chmod 755 "$WORK"
NGINX_PORT=$(free_port)
APP_PORT=$(free_port)
[[ $APP_PORT != "$NGINX_PORT" ]] || APP_PORT=$(free_port)
MAINTENANCE_FILE="$WORK/var/lib/cm-diagnostics/www/maintenance.json"
mkdir -p "$WORK/var/lib/cm-diagnostics/www" "$WORK/var/www/maintenance" "$WORK/nginx/logs" "$WORK/nginx/tmp"
echo '<h1>Down for maintenance</h1>' >"$WORK/var/www/maintenance/index.html"

step "the README's block, with temporary paths and ports"
python3 - "$ROOT/update-client/README.md" >"$WORK/snippet.conf" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"<!-- maintenance-nginx -->\s*\n```nginx\n(.*?)```", text, re.S)
if len(blocks) != 1:
    sys.exit("update-client/README.md: expected one ```nginx block marked <!-- maintenance-nginx -->, found %d" % len(blocks))
print(blocks[0], end="")
PY
for literal in "listen 80;" "http://127.0.0.1:8080" "10.0.0.0/8" "/var/"; do
  grep -qF "$literal" "$WORK/snippet.conf" || fail "the README's block no longer has '$literal', which this script swaps"
done
sed -e "s|listen 80;|listen 127.0.0.1:$NGINX_PORT;|" \
  -e "s|http://127.0.0.1:8080|http://127.0.0.1:$APP_PORT|" \
  -e "s|10\.0\.0\.0/8|127.0.0.2/32|" \
  -e "s|/var/|$WORK/var/|g" \
  "$WORK/snippet.conf" >"$WORK/nginx/snippet.conf"
cat "$WORK/nginx/snippet.conf"

cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 64; }
http {
    access_log $WORK/nginx/logs/access.log;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/snippet.conf;
}
EOF
chmod -R a+rX "$WORK/var"
"$NGINX" -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log"

step "the application (Python, 127.0.0.1:$APP_PORT) and nginx (127.0.0.1:$NGINX_PORT)"
python3 - "$APP_PORT" >"$WORK/app.log" 2>&1 <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class App(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = ("app: %s %s\n" % (self.command, self.path)).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = answer

HTTPServer(("127.0.0.1", int(sys.argv[1])), App).serve_forever()
PY
STARTED_PIDS+=($!)
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log" -g 'daemon off;' &
STARTED_PIDS+=($!)
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/" && break
  sleep 0.2
done

# expect FROM METHOD PATH STATUS BODY_PART [HEADER_PART]: one request through nginx, from address FROM.
expect() {
  local from=$1 method=$2 path=$3 status=$4 body=$5 header=${6:-} code
  local args=(-sS --interface "$from" -X "$method" -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}')
  [[ $method == POST ]] && args+=(--data 'name=value')
  code=$(curl "${args[@]}" "http://127.0.0.1:$NGINX_PORT$path")
  [[ $code == "$status" ]] || fail "$method $path from $from answered $code, expected $status: $(cat "$WORK/body")"
  grep -qF "$body" "$WORK/body" || fail "$method $path from $from: body has no '$body': $(cat "$WORK/body")"
  if [[ -n $header ]]; then
    grep -qiF "$header" "$WORK/headers" || fail "$method $path from $from: no '$header' header: $(cat "$WORK/headers")"
  fi
  echo "ok: $method $path from $from -> $code"
}

step "no maintenance file: the application answers"
expect 127.0.0.1 GET / 200 "app: GET /"
expect 127.0.0.1 POST /orders 200 "app: POST /orders"

step "maintenance file written (as the agent writes it): the page, for every method"
cat >"$MAINTENANCE_FILE" <<'EOF'
{"since":"2024-03-16T02:00:04Z","from":"2.4.0","to":"2.4.1",
 "message":"This application is being updated and will be back in a few minutes.",
 "allowedAddresses":["127.0.0.2/32"]}
EOF
chmod a+r "$MAINTENANCE_FILE"
expect 127.0.0.1 GET / 503 "Down for maintenance" "Retry-After: 300"
expect 127.0.0.1 GET /reports/today 503 "Down for maintenance" "Retry-After: 300"
expect 127.0.0.1 POST /orders 503 "Down for maintenance" "Retry-After: 300"
expect 127.0.0.1 GET /maintenance.json 200 "will be back in a few minutes"
expect 127.0.0.2 GET / 200 "app: GET /"
expect 127.0.0.2 POST /orders 200 "app: POST /orders"
# The page is an error page only, not a URL of its own.
expect 127.0.0.2 GET /_maintenance/index.html 404 ""

step "maintenance file removed: the application again"
rm "$MAINTENANCE_FILE"
expect 127.0.0.1 GET / 200 "app: GET /"
expect 127.0.0.1 POST /orders 200 "app: POST /orders"

echo "maintenance-nginx: the README's nginx block serves the maintenance page exactly while the file exists"
