# Shared by bench/check-bench.sh and bench/status-bench.sh: tools, PostgreSQL, the packaged server.
# Sourced, not run. Every process started here is stopped by PID in cleanup().

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Packaged apart from target/quarkus-app so test builds (H2) never replace the PostgreSQL build.
JAR="$ROOT/update-server/target/bench/quarkus-run.jar"
BUILD_MARK="$ROOT/update-server/target/bench/built-from"
BENCH_DB=${BENCH_DB:-openupdate_bench}
SERVER_PORT=${SERVER_PORT:-18080}
ADMIN_TOKEN=bench-admin-token-0123456789
WORK=$(mktemp -d /tmp/openupdate-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run unprivileged and must read check.json
PIDS=()

log() { printf '>> %s\n' "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "${KEEP_WORK:-}" ]]; then
    echo "logs and data kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q "$@"; }
psql_bench() { PGPASSWORD=openupdate psql -h 127.0.0.1 -U openupdate -d "$BENCH_DB" -v ON_ERROR_STOP=1 -q "$@"; }

# A fresh database of our own, so the benchmark never touches the test databases.
fresh_database() {
  pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break
    sleep 1
  done
  psql_admin <<SQL
SELECT 'create role openupdate login password ''openupdate'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'openupdate')\gexec
DROP DATABASE IF EXISTS $BENCH_DB;
CREATE DATABASE $BENCH_DB OWNER openupdate;
SQL
}

# The datasource kind is fixed at build time: the benchmark runs the PostgreSQL build.
build_server() {
  local source
  source=$(cd "$ROOT" && { git rev-parse HEAD; git status --porcelain -- update-server manifest-schema; } | sha256sum)
  if [[ -f "$JAR" && "$(cat "$BUILD_MARK" 2>/dev/null)" == "$source" && "${REBUILD:-0}" != 1 ]]; then
    return
  fi
  log "packaging the server for PostgreSQL"
  (cd "$ROOT" && ./mvnw -B -q -Ppostgresql \
    -Dquarkus.package.output-directory=bench -pl update-server -am package -DskipTests)
  echo "$source" >"$BUILD_MARK"
}

# The JVM settings of the README's command (update-server/README.md "Memory"): what an operator
# runs is what is measured. start_server's arguments are added to them.
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC}

# Starts the packaged server; sets SERVER_PID and READY_SECONDS (launch to /q/health/ready).
# Env per call: SERVER_PORT, BENCH_DB, DATA_DIR (default $WORK/data), SERVER_LOG.
start_server() {
  local log_file=${SERVER_LOG:-$WORK/server.log} started
  log "starting the packaged server on 127.0.0.1:$SERVER_PORT"
  started=$(date +%s%N)
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$SERVER_PORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB?reWriteBatchedInserts=true" \
    QUARKUS_DATASOURCE_USERNAME=openupdate QUARKUS_DATASOURCE_PASSWORD=openupdate \
    QUARKUS_LOG_LEVEL=WARN \
    OPENUPDATE_DATA_DIR="${DATA_DIR:-$WORK/data}" OPENUPDATE_ADMIN_TOKEN=$ADMIN_TOKEN \
    java $SERVER_JAVA_OPTS "$@" -jar "$JAR" >"$log_file" 2>&1 &
  SERVER_PID=$!
  PIDS+=($SERVER_PID)
  for _ in $(seq 1 1200); do
    if curl -fsS "http://127.0.0.1:$SERVER_PORT/q/health/ready" >/dev/null 2>&1; then
      READY_SECONDS=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
      return
    fi
    sleep 0.1
  done
  cat "$log_file" >&2
  echo "server did not become ready" >&2
  exit 1
}

# Stops a server started by start_server, by its PID.
stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Resident set size of a process, in MB.
rss_mb() { awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }

# Median of numbers, one a line.
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# wrk's summary -> "req/s p50 p99" (latencies in milliseconds).
wrk_figures() {
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$1"
}
