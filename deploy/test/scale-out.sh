#!/usr/bin/env bash
# Proves the scale-out design (deploy/README.md, "Scaling out") with two real server processes on one
# PostgreSQL database and one shared data directory (artifacts, signing key):
#   a. a release published through instance A (publish.sh) is offered by instance B's check within
#      seconds (measured; fails above MAX_PROPAGATION_SECONDS);
#   b. status reports sent to A, to B and some to both (same reportId, at the same moment) are stored
#      and counted once: every send answers 202, exactly one send per reportId answers
#      "duplicate": false, the database holds each reportId once, and the admin status summary (read
#      through either instance) counts each client's attempt and outcome once;
#   c. metrics add up: update_checks_total of A and of B equal the checks sent to each, and the sum over
#      A and B of update_status_reports_total (per status), update_attempts_total,
#      update_success_total, update_failures_total and update_rollbacks_total equals what was sent
#      counted once (StatusIngest counts only the reports a batch stored, never a duplicate);
#   d. notifications: events caused through A and B alternately reach a webhook once each, never two
#      sends of one event at the same time; then both instances are killed (-9) while one holds a
#      delivery the receiver has not answered, A is started again and delivers that event again
#      (same event id) once the dead instance's lease runs out: nothing lost, repeats dedupable.
#
# Needs the PostgreSQL build of the server (the datasource kind is fixed at build time). The script
# packages it itself, into update-server/target/scale-out, so that the embedded H2 build in
# update-server/target/quarkus-app (which check-observability.sh runs) stays as it is:
#   ./mvnw -B -q -DskipTests package -Ppostgresql \
#     -Dquarkus.package.output-directory=scale-out -pl update-server -am
# It repackages only when the sources changed since the last package
# (git HEAD and uncommitted changes of update-server/ and manifest-schema/), or with REBUILD=1.
# OPENUPDATE_SERVER_APP=<quarkus-app folder> runs another build instead; either way each instance
# must log that Flyway migrated the PostgreSQL database, or the script fails.
# Runs as root (starts the local PostgreSQL 15 cluster when it is down, creates the role openupdate
# if missing and a fresh database openupdate_scaleout each run). Binds 127.0.0.1 only; stops only the
# two server processes it started, by PID. Takes about 20 seconds, plus the package step when it runs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVER_APP=${OPENUPDATE_SERVER_APP:-$ROOT/update-server/target/scale-out}
BUILD_MARK="$ROOT/update-server/target/scale-out/built-from"
PUBLISH="$ROOT/update-server/src/main/scripts/publish.sh"
DATABASE=openupdate_scaleout
JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DATABASE"
MAX_PROPAGATION_SECONDS=10
PRODUCT=scaleout
VERSION=1.1.0
ADMIN_TOKEN="scale-out-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

SCRIPT_NAME=scale-out
# shellcheck source=deploy/test/lib.sh
source "$ROOT/deploy/test/lib.sh"

# --- PostgreSQL ----------------------------------------------------------------------------------

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_scaleout() { PGPASSWORD=openupdate psql -h 127.0.0.1 -U openupdate -d "$DATABASE" -qAt "$@"; }

prepare_database() {
  [[ $(id -u) -eq 0 ]] || fail "run as root: the script starts PostgreSQL and creates its database"
  if ! pg_ctlcluster 15 main status >/dev/null 2>&1; then
    pg_ctlcluster 15 main start
  fi
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break
    sleep 1
  done
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 || fail "PostgreSQL 15 does not accept connections"
  psql_admin <<SQL
SELECT 'create role openupdate login password ''openupdate'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'openupdate')\gexec
DROP DATABASE IF EXISTS $DATABASE;
CREATE DATABASE $DATABASE OWNER openupdate;
SQL
  echo "fresh database $DATABASE on $(runuser -u postgres -- psql -qAt -c 'show server_version')"
}

# --- the two instances ---------------------------------------------------------------------------


# start_instance NAME: starts one server on the shared database and data directory, waits until it
# is ready and checks that it runs on PostgreSQL; sets URL_<NAME>.
start_instance() {
  local name=$1 port pid url log="$WORK/server-$1.log"
  port=$(free_port)
  url="http://127.0.0.1:$port"
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port OPENUPDATE_DATA_DIR="$WORK/shared-data" \
    QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=openupdate \
    QUARKUS_DATASOURCE_PASSWORD=openupdate OPENUPDATE_ADMIN_TOKEN="$ADMIN_TOKEN" \
    OPENUPDATE_NOTIFY_LEASE=15s OPENUPDATE_NOTIFY_POLL_INTERVAL=1s \
    java -Xmx256m -jar "$SERVER_APP/quarkus-run.jar" >"$log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$url/q/health/ready" 2>/dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$log" >&2
      fail "instance $name exited before becoming ready (is $SERVER_APP a PostgreSQL build?)"
    fi
    sleep 1
  done
  curl -fsS -o /dev/null "$url/q/health/ready" || fail "instance $name not ready after 120 s"
  # Flyway names the database it migrated (or found migrated): it must be the shared PostgreSQL one.
  grep -q "Database: $JDBC_URL (PostgreSQL" "$log" ||
    fail "instance $name does not run on $JDBC_URL: $(grep -m1 'Database:' "$log" || echo 'no Database line')"
  printf -v "URL_$name" '%s' "$url"
  printf -v "PID_$name" '%s' "$pid"
  echo "instance $name: pid $pid on $url, $(grep -m1 -o 'Database: [^ ]* ([^)]*)' "$log")"
}

package_server() {
  if [[ -n "${OPENUPDATE_SERVER_APP:-}" ]]; then
    [[ -f "$SERVER_APP/quarkus-run.jar" ]] || fail "$SERVER_APP/quarkus-run.jar is missing"
    echo "using the server in $SERVER_APP"
    return
  fi
  local source
  source=$(cd "$ROOT" && { git rev-parse HEAD; git status --porcelain -- update-server manifest-schema; } | sha256sum)
  if [[ -f "$SERVER_APP/quarkus-run.jar" && "$(cat "$BUILD_MARK" 2>/dev/null)" == "$source" &&
    "${REBUILD:-0}" != 1 ]]; then
    echo "PostgreSQL package in $SERVER_APP is up to date"
    return
  fi
  echo "packaging the server for PostgreSQL into $SERVER_APP"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -Ppostgresql \
    -Dquarkus.package.output-directory=scale-out -pl update-server -am)
  echo "$source" >"$BUILD_MARK"
}

start_instances() {
  mkdir -p "$WORK/shared-data"
  start_instance A
  start_instance B
  # B loaded the key A generated in the shared data directory: both sign and serve the same key.
  local keys_a keys_b
  keys_a=$(curl -fsS "$URL_A/api/v1/keys" | jq -c '[.[].fingerprint] | sort')
  keys_b=$(curl -fsS "$URL_B/api/v1/keys" | jq -c '[.[].fingerprint] | sort')
  [[ $keys_a == "$keys_b" && $keys_a != "[]" ]] ||
    fail "the instances serve different signing keys: A $keys_a, B $keys_b"
  echo "both instances sign with $keys_a"
}

# --- HTTP helpers --------------------------------------------------------------------------------

declare -A CHECKS_SENT=([A]=0 [B]=0)


# try_check INSTANCE CLIENT: one update check from a client on 1.0.0; sets CODE and, on 200, OFFERED
# to the offered version or "" and counts the check (the server counts every answered check). Not
# meant for a command substitution, which would lose the count.
try_check() {
  local instance=$1 client=$2 url=URL_$1
  CODE=$(curl -sS -o "$WORK/last-check-$instance.json" -w '%{http_code}' "${!url}/api/v1/updates/check" \
    -H "X-Product: $PRODUCT" -H "X-Channel: stable" -H "X-Current-Version: 1.0.0" \
    -H "X-Client-Id: $client")
  OFFERED=""
  if [[ $CODE == 200 ]]; then
    CHECKS_SENT[$instance]=$((CHECKS_SENT[$instance] + 1))
    OFFERED=$(jq -r 'if .updateAvailable then .version else "" end' "$WORK/last-check-$instance.json")
  fi
}

check() {
  try_check "$@"
  [[ $CODE == 200 ]] || fail "check on $1 answered $CODE: $(cat "$WORK/last-check-$1.json")"
}

# --- a. publish through A, offered by B -----------------------------------------------------------

publish_through_a_offered_by_b() {
  local artifact="$WORK/app.bin" manifest="$WORK/manifest.json" started elapsed sha
  admin_call "$URL_A" POST /products -H 'Content-Type: application/json' \
    --data "{\"name\": \"$PRODUCT\", \"description\": \"scale-out proof\"}" >/dev/null
  # The product was created through A; B must know it (404 until its snapshot refresh) and have
  # nothing to offer before the publish.
  for _ in $(seq 1 50); do
    try_check B probe-before
    [[ $CODE == 404 ]] || break
    sleep 0.2
  done
  [[ $CODE == 200 ]] || fail "B does not know the product created through A: $CODE $(cat "$WORK/last-check-B.json")"
  [[ -z $OFFERED ]] || fail "B offers $OFFERED before anything was published"

  head -c 262144 /dev/urandom >"$artifact"
  sha=$(sha256sum "$artifact" | cut -d' ' -f1)
  jq -n --arg product "$PRODUCT" --arg version "$VERSION" --arg sha "$sha" \
    --arg released "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg expires "$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)" \
    --argjson size "$(stat -c %s "$artifact")" '
    {product: $product, version: $version, channel: "stable", releaseDate: $released,
     expires: $expires, mandatory: false,
     components: {app: {version: $version, sha256: $sha, size: $size, required: true}}}' >"$manifest"
  OPENUPDATE_URL=$URL_A OPENUPDATE_TOKEN=$ADMIN_TOKEN "$PUBLISH" "$manifest" stable "app=$artifact" \
    >"$WORK/publish.json" 2>"$WORK/publish.log" || fail "publish.sh through A: $(cat "$WORK/publish.log")"
  started=$(date +%s.%N)
  echo "published $PRODUCT $VERSION on stable through A (publish.sh returned)"

  while true; do
    check B "poll-$RANDOM"
    elapsed=$(awk -v s="$started" -v n="$(date +%s.%N)" 'BEGIN { printf "%.2f", n - s }')
    [[ $OFFERED == "$VERSION" ]] && break
    awk -v e="$elapsed" -v m="$MAX_PROPAGATION_SECONDS" 'BEGIN { exit !(e > m) }' &&
      fail "B still offers '${OFFERED}' ${elapsed}s after the publish through A (limit ${MAX_PROPAGATION_SECONDS}s)"
    sleep 0.1
  done
  PROPAGATION_SECONDS=$elapsed
  echo "B offers $VERSION ${PROPAGATION_SECONDS}s after the publish through A (limit ${MAX_PROPAGATION_SECONDS}s)"

  # B serves what A stored: the same signed manifest bytes and the artifact from the shared directory.
  cmp -s <(curl -fsS "$URL_A/api/v1/releases/$PRODUCT/$VERSION/manifest") \
    <(curl -fsS "$URL_B/api/v1/releases/$PRODUCT/$VERSION/manifest") ||
    fail "A and B serve different manifest bytes for $PRODUCT $VERSION"
  cmp -s <(curl -fsS "$URL_A/api/v1/releases/$PRODUCT/$VERSION/manifest.asc") \
    <(curl -fsS "$URL_B/api/v1/releases/$PRODUCT/$VERSION/manifest.asc") ||
    fail "A and B serve different manifest signatures for $PRODUCT $VERSION"
  [[ $(curl -fsS "$URL_B/api/v1/artifacts/$sha" | sha256sum | cut -d' ' -f1) == "$sha" ]] ||
    fail "B does not serve the artifact uploaded through A"
  echo "B serves the manifest, signature and artifact published through A"
}

# --- b. status reports to both ---------------------------------------------------------------------

CLIENTS=40
declare -A DISTINCT=([in-progress]=0 [completed]=0 [failed]=0 [rolled-back]=0)
FRESH_ANSWERS=0
DUPLICATE_ANSWERS=0
DUPLICATE_SENDS=0

# A rollback names the version it runs now (1.0.0) and the one it left ($VERSION), which it counts
# against; every other report names the version attempted and the one it ran before.
report_body() {
  local id=$1 client=$2 status=$3 details phase="" extra='{}' from=1.0.0 version=$VERSION
  case $status in
    in-progress) details='{}' phase=downloading ;;
    completed) details='{"downloadTime": 1.5, "installTime": 2.5}' ;;
    failed) details='{"errors": ["sha256 mismatch for component app"]}' ;;
    rolled-back)
      details='{"errors": ["health check failed"]}' extra='{"rollbackReason": "health-check"}'
      from=$VERSION version=1.0.0
      ;;
  esac
  jq -n --arg id "$id" --arg client "$client" --arg product "$PRODUCT" --arg version "$version" \
    --arg from "$from" --arg status "$status" --arg phase "$phase" \
    --arg ts "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" --argjson details "$details" --argjson extra "$extra" '
    {reportId: $id, clientId: $client, product: $product, fromVersion: $from, version: $version,
     channel: "stable", status: $status, timestamp: $ts, details: $details}
    + (if $phase == "" then {} else {phase: $phase} end) + $extra'
}

# send INSTANCE BODYFILE ANSWERFILE: POSTs one report; the answer file gets "<code> <body>".
send() {
  local url=URL_$1 code
  code=$(curl -sS -o "$3.body" -w '%{http_code}' -X POST "${!url}/api/v1/updates/status" \
    -H 'Content-Type: application/json' --data-binary "@$2")
  printf '%s %s\n' "$code" "$(cat "$3.body")" >"$3"
}

# report CLIENT_NO STATUS TARGET: one distinct report sent to A, to B, or to both at the same moment.
report() {
  local n=$1 status=$2 target=$3 id body answers=() answer code
  id=$(cat /proc/sys/kernel/random/uuid)
  body="$WORK/reports/$id.json"
  report_body "$id" "scaleout-client-$n" "$status" >"$body"
  case $target in
    A | B)
      send "$target" "$body" "$body.$target"
      answers=("$body.$target")
      ;;
    both)
      # Waits for these two sends only: a bare wait would wait for the servers too.
      send A "$body" "$body.A" &
      local send_a=$!
      send B "$body" "$body.B" &
      wait "$send_a" $!
      answers=("$body.A" "$body.B")
      DUPLICATE_SENDS=$((DUPLICATE_SENDS + 1))
      ;;
  esac
  for answer in "${answers[@]}"; do
    code=$(cut -d' ' -f1 "$answer")
    [[ $code == 202 ]] || fail "report $id ($status) answered $(cat "$answer")"
    if cut -d' ' -f2- "$answer" | jq -e '.duplicate' >/dev/null; then
      DUPLICATE_ANSWERS=$((DUPLICATE_ANSWERS + 1))
    else
      FRESH_ANSWERS=$((FRESH_ANSWERS + 1))
    fi
  done
  DISTINCT[$status]=$((DISTINCT[$status] + 1))
}

# Every client reports in-progress and then one outcome; the instance each report goes to rotates,
# and every third report goes to both instances at once (a client retrying against another replica).
send_reports() {
  local n final targets=(A B both) i=0
  mkdir -p "$WORK/reports"
  for n in $(seq 1 $CLIENTS); do
    case $((n % 8)) in
      3) final=failed ;;
      5) final=rolled-back ;;
      *) final=completed ;;
    esac
    report "$n" in-progress "${targets[$((i++ % 3))]}"
    report "$n" "$final" "${targets[$((i++ % 3))]}"
  done
  local distinct=$((CLIENTS * 2))
  echo "sent $distinct distinct reports from $CLIENTS clients ($DUPLICATE_SENDS of them to both instances at once):" \
    "completed ${DISTINCT[completed]}, failed ${DISTINCT[failed]}, rolled-back ${DISTINCT[rolled-back]}, in-progress ${DISTINCT[in-progress]}"
  ((FRESH_ANSWERS == distinct)) ||
    fail "$FRESH_ANSWERS sends answered duplicate=false, expected one per distinct report ($distinct)"
  ((DUPLICATE_ANSWERS == DUPLICATE_SENDS)) ||
    fail "$DUPLICATE_ANSWERS sends answered duplicate=true, expected $DUPLICATE_SENDS (one per report sent twice)"
  echo "every send answered 202; exactly one send per reportId was taken as new, the other $DUPLICATE_ANSWERS as duplicates"
}

assert_reports_counted_once() {
  local stored ids instance summary expected
  stored=$(psql_scaleout -c "select count(*) from status_reports where product = '$PRODUCT'")
  ids=$(psql_scaleout -c "select count(distinct report_id) from status_reports where product = '$PRODUCT'")
  [[ $stored -eq $((CLIENTS * 2)) && $ids -eq $stored ]] ||
    fail "database holds $stored report rows ($ids distinct ids), expected $((CLIENTS * 2))"
  echo "database: $stored report rows, one per distinct reportId"
  # The summary counts attempts per (client, release) and each attempt's last outcome.
  expected=$(jq -cn --argjson a $CLIENTS --argjson s "${DISTINCT[completed]}" \
    --argjson f "${DISTINCT[failed]}" --argjson r "${DISTINCT[rolled-back]}" \
    '{attempts: $a, successes: $s, failures: $f, rollbacks: $r}')
  for instance in A B; do
    local url=URL_$instance
    summary=$(admin_call "${!url}" GET "/status/$PRODUCT/$VERSION" | jq -c '
      [.stages[] | select(.channel == "stable")] |
      {attempts: (map(.attempts) | add), successes: (map(.successes) | add),
       failures: (map(.failures) | add), rollbacks: (map(.rollbacks) | add)}')
    [[ $summary == "$expected" ]] ||
      fail "status summary through $instance: $summary, expected $expected"
    echo "status summary through $instance: $summary"
  done
}

# --- c. metrics add up -------------------------------------------------------------------------------

# metric INSTANCE NAME LABEL_FILTER: sum of the samples of NAME whose labels contain every
# comma-separated label="value" pair of LABEL_FILTER (Prometheus text format from /q/metrics).
metric() {
  local url=URL_$1
  curl -fsS "${!url}/q/metrics" | awk -v name="$2" -v filter="$3" '
    BEGIN { n = split(filter, want, ",") }
    $1 ~ "^" name "[{ ]" || $1 == name {
      for (i = 1; i <= n; i++) if (index($0, want[i]) == 0) next
      sum += $NF
    }
    END { printf "%d\n", sum + 0 }'
}

both() { echo $(($(metric A "$@") + $(metric B "$@"))); }

expect_metric() {
  local what=$1 expected=$2 actual=$3
  [[ $actual -eq $expected ]] || fail "$what = $actual, expected $expected"
  printf '  %-66s %5d\n' "$what" "$actual"
}

send_checks() {
  local i
  for i in $(seq 1 25); do check A "checker-$i"; done
  for i in $(seq 1 15); do check B "checker-$i"; done
}

assert_metrics_add_up() {
  local product="product=\"$PRODUCT\"" status
  # Counters are incremented right after a batch commits (the 202 may come first): let the last
  # batch's counting finish before reading.
  sleep 1
  expect_metric "update_checks_total on A (checks sent to A: ${CHECKS_SENT[A]})" "${CHECKS_SENT[A]}" \
    "$(metric A update_checks_total "$product,channel=\"stable\"")"
  expect_metric "update_checks_total on B (checks sent to B: ${CHECKS_SENT[B]})" "${CHECKS_SENT[B]}" \
    "$(metric B update_checks_total "$product,channel=\"stable\"")"
  expect_metric "update_checks_total, A + B" $((CHECKS_SENT[A] + CHECKS_SENT[B])) \
    "$(both update_checks_total "$product")"
  for status in in-progress completed failed rolled-back; do
    expect_metric "update_status_reports_total{status=\"$status\"}, A + B" "${DISTINCT[$status]}" \
      "$(both update_status_reports_total "status=\"$status\"")"
  done
  expect_metric "update_status_reports_total, A + B (distinct reports)" $((CLIENTS * 2)) \
    "$(both update_status_reports_total "")"
  expect_metric "update_attempts_total, A + B (clients)" $CLIENTS "$(both update_attempts_total "$product")"
  expect_metric "update_success_total, A + B" "${DISTINCT[completed]}" "$(both update_success_total "$product")"
  expect_metric "update_failures_total, A + B" "${DISTINCT[failed]}" "$(both update_failures_total "$product")"
  expect_metric "update_rollbacks_total, A + B" "${DISTINCT[rolled-back]}" "$(both update_rollbacks_total "$product")"
  local a b
  a=$(metric A update_status_reports_total "")
  b=$(metric B update_status_reports_total "")
  ((a > 0 && b > 0)) || fail "one instance counted no reports (A $a, B $b): the reports did not reach both"
  echo "  (reports counted by A: $a, by B: $b)"
}

# --- d. notifications across instances and a crash -----------------------------------------------

NOTIFY_EVENTS=20

# A webhook receiver that logs "<event id> alone|overlap" per request (overlap: another send of the
# same event was still open) and holds its answer while $WORK/stall exists.
start_receiver() {
  RECEIVER_PORT=$(free_port)
  RECEIVED="$WORK/received.log"
  : >"$RECEIVED"
  python3 - "$RECEIVER_PORT" "$RECEIVED" "$WORK/stall" >"$WORK/receiver.log" 2>&1 <<'PY' &
import http.server, os, sys, threading, time
port, log, stall = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock, open_sends = threading.Lock(), {}
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        event = self.headers.get("X-OpenUpdate-Event-Id")
        with lock:
            overlap = open_sends.get(event, 0) > 0
            open_sends[event] = open_sends.get(event, 0) + 1
            with open(log, "a") as f:
                f.write(f"{event} {'overlap' if overlap else 'alone'}\n")
        time.sleep(0.05)
        while os.path.exists(stall):
            time.sleep(0.1)
        with lock:
            open_sends[event] -= 1
        try:
            self.send_response(204)
            self.end_headers()
        except OSError:
            pass
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
  STARTED_PIDS+=("$!")
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$RECEIVER_PORT") 2>/dev/null && return
    sleep 0.1
  done
  fail "the webhook receiver did not listen on $RECEIVER_PORT"
}

# halt_through INSTANCE: one rollout.halted event (resumed first when halted already).
halt_through() {
  local url=URL_$1 rollout="/rollouts/$PRODUCT/$VERSION/stable"
  curl -sS -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "${!url}/api/v1/admin$rollout/resume"
  admin_call "${!url}" POST "$rollout/halt?reason=scale-out-$2" >/dev/null
}

received_ids() { cut -d' ' -f1 "$RECEIVED" | sort -u | wc -l; }

notifications_across_instances() {
  start_receiver
  admin_call "$URL_A" POST /notifications/subscriptions -H 'Content-Type: application/json' \
    --data "{\"kind\":\"webhook\",\"address\":\"http://127.0.0.1:$RECEIVER_PORT/hook\",\"secret\":\"scale-out-secret-0123\",\"product\":\"$PRODUCT\",\"events\":[\"rollout.halted\"]}" >/dev/null
  local i
  for i in $(seq 1 "$NOTIFY_EVENTS"); do
    if ((i % 2)); then halt_through A "$i"; else halt_through B "$i"; fi
  done
  for _ in $(seq 1 120); do
    (($(received_ids) >= NOTIFY_EVENTS)) && break
    sleep 0.5
  done
  (($(received_ids) == NOTIFY_EVENTS)) || fail "$(received_ids) of $NOTIFY_EVENTS events reached the webhook"
  [[ $(wc -l <"$RECEIVED") -eq $NOTIFY_EVENTS ]] ||
    fail "some event was sent twice by the two instances: $(cut -d' ' -f1 "$RECEIVED" | sort | uniq -d | head -3)"
  ! grep -q overlap "$RECEIVED" || fail "two sends of one event overlapped"
  echo "$NOTIFY_EVENTS events caused through A and B reached the webhook once each, never overlapping"

  touch "$WORK/stall"
  halt_through A crash
  for _ in $(seq 1 60); do
    [[ $(wc -l <"$RECEIVED") -gt $NOTIFY_EVENTS ]] && break
    sleep 0.5
  done
  local held
  held=$(tail -1 "$RECEIVED" | cut -d' ' -f1)
  [[ $(wc -l <"$RECEIVED") -gt $NOTIFY_EVENTS ]] || fail "the crash event was not sent"
  kill -9 "$PID_A" "$PID_B"
  wait "$PID_A" "$PID_B" 2>/dev/null || true
  rm -f "$WORK/stall"
  echo "both instances killed (-9) while the receiver held event $held unanswered"
  start_instance A
  for _ in $(seq 1 90); do
    [[ $(grep -c "^$held " "$RECEIVED") -ge 2 ]] && break
    sleep 1
  done
  [[ $(grep -c "^$held " "$RECEIVED") -ge 2 ]] ||
    fail "event $held, in flight when the instances died, was not delivered again after the restart"
  local state
  for _ in $(seq 1 20); do
    state=$(admin_call "$URL_A" GET "/notifications/deliveries?limit=500" |
      jq -r --arg id "$held" '[.deliveries[] | select(.eventId == $id)][0].state')
    [[ $state == delivered ]] && break
    sleep 0.5
  done
  [[ $state == delivered ]] || fail "event $held is $state after the restart"
  echo "restarted A delivered event $held again ($(grep -c "^$held " "$RECEIVED") sends, one event id): nothing lost"
}

main() {
  step "PostgreSQL package of the server"
  package_server
  local began=$SECONDS
  step "PostgreSQL"
  prepare_database
  step "two server instances on $DATABASE, one shared data directory"
  start_instances
  step "a. publish through A, offered by B"
  publish_through_a_offered_by_b
  step "b. status reports to A, to B and to both"
  send_reports
  assert_reports_counted_once
  step "c. metrics of A and B add up"
  send_checks
  assert_metrics_add_up
  step "d. notifications: once across A and B, nothing lost when both die mid-delivery"
  notifications_across_instances
  echo
  echo "PASS: scale-out on PostgreSQL in $((SECONDS - began)) s"
  echo "  publish through A offered by B after ${PROPAGATION_SECONDS}s (limit ${MAX_PROPAGATION_SECONDS}s)"
  echo "  $((CLIENTS * 2)) distinct reports ($DUPLICATE_SENDS sent to both) stored and counted once"
  echo "  checks A ${CHECKS_SENT[A]} + B ${CHECKS_SENT[B]}; report, attempt and outcome counters of A + B match what was sent"
  echo "  $NOTIFY_EVENTS notifications delivered once across A and B; the one in flight at kill -9 delivered again after restart"
}

main "$@"
