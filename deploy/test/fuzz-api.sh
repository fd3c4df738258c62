#!/usr/bin/env bash
# Fuzzes every operation of the server's OpenAPI document (fuzz_api.py does the requests): starts the
# packaged server (update-server/target/quarkus-app, or OPENUPDATE_SERVER_APP) on 127.0.0.1 with an
# empty data directory, reads /q/openapi, and sends at least FUZZ_REQUESTS (10000) requests: every
# role's token and none, wrongly typed, missing, oversized, deeply nested and null-element bodies, bad
# path, query and header values, and requests the HTTP layer refuses (empty Content-Length, malformed
# percent-encoding, very long URIs, huge headers). Fails on any 5xx, on any 4xx that is not
# application/problem+json with a type and a title (pages under /console answer HTML and are left
# out), and on any ERROR the server logs meanwhile. The same FUZZ_SEED (12) sends the same requests.
# Prints the counts. Stops only the server it started, by PID. Takes about a minute.
# With FUZZ_POSTGRESQL_DATABASE=<name> (a server packaged with -Ppostgresql) it runs on a fresh database
# of that name on the local PostgreSQL, owned by the role openupdate that .ci/run creates: PostgreSQL
# refuses what H2 stores (a NUL in text, even in a query's parameter), so some 500s show only there.
set -euo pipefail
SCRIPT_NAME=fuzz-api
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/test/lib.sh
source "$ROOT/deploy/test/lib.sh"

APP=${OPENUPDATE_SERVER_APP:-$ROOT/update-server/target/quarkus-app}
[[ -f "$APP/quarkus-run.jar" ]] ||
  fail "no packaged server in $APP; build it: ./mvnw -B -pl update-server -am package -DskipTests"
PORT=$(free_port)
ADMIN_TOKEN="fuzz-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

DATABASE_ENV=()
if [[ -n "${FUZZ_POSTGRESQL_DATABASE:-}" ]]; then
  [[ "$FUZZ_POSTGRESQL_DATABASE" =~ ^[a-z0-9_]+$ ]] || fail "FUZZ_POSTGRESQL_DATABASE must be a plain name"
  step "a fresh PostgreSQL database $FUZZ_POSTGRESQL_DATABASE"
  runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q \
    -c "drop database if exists $FUZZ_POSTGRESQL_DATABASE" \
    -c "create database $FUZZ_POSTGRESQL_DATABASE owner openupdate"
  DATABASE_ENV=(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$FUZZ_POSTGRESQL_DATABASE"
    QUARKUS_DATASOURCE_USERNAME=openupdate QUARKUS_DATASOURCE_PASSWORD=openupdate)
fi

step "start the packaged server on 127.0.0.1:$PORT"
(
  cd "$WORK"
  exec env "${DATABASE_ENV[@]}" OPENUPDATE_DATA_DIR="$WORK/data" OPENUPDATE_ADMIN_TOKEN="$ADMIN_TOKEN" \
    QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 java -jar "$APP/quarkus-run.jar" \
    >"$WORK/server.log" 2>&1
) &
STARTED_PIDS+=($!)
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null && break
  kill -0 "${STARTED_PIDS[0]}" 2>/dev/null || { cat "$WORK/server.log" >&2; fail "the server stopped"; }
  sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" ||
  { tail -50 "$WORK/server.log" >&2; fail "the server is not ready after 2 minutes"; }

step "fuzz every operation of /q/openapi"
python3 "$ROOT/deploy/test/fuzz_api.py" --base "http://127.0.0.1:$PORT" --admin-token "$ADMIN_TOKEN" \
  --seed "${FUZZ_SEED:-12}" --min-requests "${FUZZ_REQUESTS:-10000}" ||
  fail "the fuzz found answers that break the rules (above); server log: KEEP_WORK=1 keeps $WORK"

step "the server's log"
if grep -E '^\S+ ERROR ' "$WORK/server.log"; then
  fail "the server logged errors while fuzzed (above)"
fi
echo "fuzz passed: no 5xx, every 4xx problem+json, no error logged"
