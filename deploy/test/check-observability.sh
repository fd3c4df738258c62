#!/usr/bin/env bash
# Proves the observability files in deploy/ against real tools:
#   1. installs Prometheus from Debian's packages when promtool is missing (it ships promtool);
#   2. promtool check config / check rules / test rules (every alert has firing and silent cases);
#   3. validates the Grafana dashboard's structure and extracts every panel query;
#   4. starts the packaged server and a real Prometheus on 127.0.0.1; runs ONE real agent (the
#      update-client jar) installing ONE release and asserts that the original design's four panels
#      and the per-version panels show that first install (its series existed at 0 before it); then
#      ONE agent of another product rolls a release back (health check), fails one, refuses one and
#      is recalled from a pulled one, and every outcome panel shows each of those first events;
#   5. drives a scripted fleet through the real HTTP API and asserts that EVERY panel query returns
#      data through /api/v1/query, that the panels show the cases the fleet drove (a staged rollout
#      at 50 %, a halted beta, failures, rollbacks, refusals, a recall, adoption), that every alert
#      rule loads and that the halted rollout's alert is active.
#
# Usage: deploy/test/check-observability.sh [--static-only]
# The live part needs the embedded (H2) build in update-server/target/quarkus-app and the agent jar
# update-client/target/update-client.jar, packaged first with ./mvnw -B -q -DskipTests package (or
# ./mvnw -B verify); the -Ppostgresql build does not start without a database and is refused. The
# whole run takes 100-150 seconds on a shared 2-core machine.
# Only processes this script starts are stopped, by their PID.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEPLOY="$ROOT/deploy"
PROM_DIR="$DEPLOY/prometheus"
DASHBOARD="$DEPLOY/grafana/dashboards/openupdate.json"
SERVER_JAR="$ROOT/update-server/target/quarkus-app/quarkus-run.jar"
CLIENT_JAR="$ROOT/update-client/target/update-client.jar"

# What the live part publishes and drives.
PRODUCT=observability-check
# The one-agent first-install check has a product of its own, so nothing else moves its series.
FIRST_PRODUCT=first-install-check
# So has the one-agent check of the other outcomes (rolled back, failed, refused, recalled).
OUTCOMES_PRODUCT=first-outcomes-check
ADMIN_TOKEN="check-observability-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# Replaces Grafana's $__rate_interval and $__range: long enough to span the whole scripted run.
RATE_WINDOW=3m

SCRIPT_NAME=check-observability
# shellcheck source=deploy/test/lib.sh
source "$ROOT/deploy/test/lib.sh"

# --- 1. Prometheus from Debian's packages --------------------------------------------------------

install_prometheus() {
  if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
    echo "promtool already installed: $(promtool --version 2>&1 | head -1)"
    return
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y prometheus
  command -v promtool >/dev/null 2>&1 || fail "apt-get install prometheus did not provide promtool"
}

# --- 2. promtool ---------------------------------------------------------------------------------

check_prometheus_files() {
  promtool check config "$PROM_DIR/prometheus.yml"
  promtool check rules "$PROM_DIR/alerts.yml"
  (cd "$PROM_DIR" && promtool test rules alerts.test.yml)
  check_every_alert_is_tested
}

# promtool only runs the cases that exist: make sure each alert has a firing case (exp_alerts with
# exp_labels) and a silent case (exp_alerts: []).
check_every_alert_is_tested() {
  local alerts coverage alert missing=0
  alerts=$(sed -n 's/^ *- alert: *\([A-Za-z0-9_]*\).*/\1/p' "$PROM_DIR/alerts.yml")
  [[ -n "$alerts" ]] || fail "no alert found in alerts.yml"
  coverage=$(awk '
    /alertname:/ { name = $2; next }
    /exp_alerts: *\[\]/ { print name, "silent"; next }
    /exp_alerts: *$/ { expecting = name; next }
    /- exp_labels:/ && expecting != "" { print expecting, "firing"; expecting = ""; next }
  ' "$PROM_DIR/alerts.test.yml" | sort -u)
  for alert in $alerts; do
    for kind in firing silent; do
      if ! grep -qx "$alert $kind" <<<"$coverage"; then
        echo "alert $alert has no $kind test case in alerts.test.yml" >&2
        missing=1
      fi
    done
  done
  [[ $missing -eq 0 ]] || fail "alert rules without unit tests"
  echo "every alert ($(wc -w <<<"$alerts") rules) has firing and silent test cases"
}

# --- 3. Dashboard structure and queries -----------------------------------------------------------

validate_dashboard() {
  jq empty "$DASHBOARD" || fail "$DASHBOARD is not valid JSON"
  local problems
  problems=$(jq -r '
    def need(cond; msg): if cond then empty else msg end;
    need(.uid != null and .uid != ""; "dashboard has no uid"),
    need(.title != null and .title != ""; "dashboard has no title"),
    need((.panels | length) > 0; "dashboard has no panels"),
    need(([.panels[].id] | length) == ([.panels[].id] | unique | length); "panel ids are not unique"),
    (.templating.list as $vars
      | ("product", "channel") as $name
      | ($vars | map(select(.name == $name)) | first) as $v
      | need($v != null; "template variable \($name) is missing"),
        need($v == null or ($v.type == "query" and ($v.query.query // $v.query // "") != ""
             and $v.datasource != null); "template variable \($name) has no query or datasource")),
    (.panels[] | . as $p | "panel \(.id) \"\(.title)\"" as $name
      | need(($p.title // "") != ""; "\($name) has no title"),
        need($p.gridPos != null; "\($name) has no gridPos"),
        need(($p.datasource.type // "") == "prometheus" and ($p.datasource.uid // "") != "";
             "\($name) has no Prometheus datasource"),
        need(($p.targets | length) > 0; "\($name) has no targets"),
        ($p.targets // [] | .[] |
          need((.expr // "") != ""; "\($name) target \(.refId) has an empty query"),
          need((.refId // "") != ""; "\($name) has a target without refId"),
          need((.datasource.uid // "") != ""; "\($name) target \(.refId) has no datasource")))
  ' "$DASHBOARD")
  [[ -z "$problems" ]] || fail "dashboard structure:"$'\n'"$problems"

  local title
  # The panels the issue asks for (original design section 7.2 plus the operational ones).
  for title in "Update success rate" "Average update time" "Updates by channel" "Rollback rate" \
    "Update outcomes by version" "Update time by version" \
    "Download, install and migration time by version" "Refused offers by reason" \
    "Version adoption over time" "Checks per second by channel" "Rollout stage" "Rollout halts" \
    "Status reports ingested per second" "Status ingest latency" "HTTP requests per second by status" \
    "JVM heap"; do
    jq -e --arg t "$title" 'any(.panels[]; .title == $t)' "$DASHBOARD" >/dev/null ||
      fail "dashboard lacks the panel \"$title\""
  done

  jq -r '.panels[] | .title as $t | .targets[] | [$t, .refId, .expr] | @tsv' "$DASHBOARD" \
    >"$WORK/queries.tsv"
  echo "dashboard structure valid: $(jq '.panels | length' "$DASHBOARD") panels," \
    "$(wc -l <"$WORK/queries.tsv") queries"
  check_queries_parse
  check_metric_names
}

# deploy/README.md states how many queries, panels and alert rules the live check covers: those
# figures must be the files' own, so that adding a panel or an alert without the README fails here.
check_readme_counts() {
  local readme="$DEPLOY/README.md" queries panels alerts stated
  queries=$(wc -l <"$WORK/queries.tsv")
  panels=$(jq '.panels | length' "$DASHBOARD")
  alerts=$(grep -c '^ *- alert:' "$PROM_DIR/alerts.yml")
  stated=$(grep -o '([0-9]* queries, [0-9]* panels' "$readme" || true)
  [[ $stated == "($queries queries, $panels panels" ]] ||
    fail "deploy/README.md says '${stated:-nothing}' about the dashboard; it has $queries queries, $panels panels"
  stated=$(grep -o 'all [0-9]* alert rules' "$readme" || true)
  [[ $stated == "all $alerts alert rules" ]] ||
    fail "deploy/README.md says '${stated:-nothing}'; alerts.yml has $alerts alert rules"
  echo "deploy/README.md's counts match: $queries queries, $panels panels, $alerts alert rules"
}

# meets must refuse what is not a finite number, whatever the comparison: mawk reads "NaN" as a
# number greater than 0, and a panel showing NaN (0/0) shows nothing.
check_number_comparisons() {
  local value condition
  for value in NaN nan +Inf -Inf Inf "" "1 2" 0x10 abc; do
    for condition in '> 0' '>= 0' '== 0' '< 0'; do
      if meets "$value" "$condition"; then
        fail "meets accepts '$value' $condition"
      fi
    done
  done
  for value in 1 0.5 .5 1e+06 1.5E-3 +2 42.25; do
    meets "$value" '> 0' || fail "meets refuses $value > 0"
  done
  meets 0 '>= 0' && meets -1 '< 0' && ! meets 0 '> 0' || fail "meets compares numbers wrongly"
  echo "panel values that are not finite numbers (NaN, Inf, empty) fail every comparison"
}

# Grafana's variables, replaced the way Grafana would for a selection.
expand_query() {
  local expr=$1 product=$2 channel=$3 job=$4
  expr=${expr//\$__rate_interval/$RATE_WINDOW}
  expr=${expr//\$__range/$RATE_WINDOW}
  expr=${expr//\$product/$product}
  expr=${expr//\$channel/$channel}
  expr=${expr//\$job/$job}
  printf '%s' "$expr"
}

# promtool parses PromQL in recording rules: every panel query becomes one, so a typo fails here
# without a running Prometheus.
check_queries_parse() {
  local title ref expr i=0
  {
    echo "groups:"
    echo "  - name: dashboard-queries"
    echo "    rules:"
    while IFS=$'\t' read -r title ref expr; do
      i=$((i + 1))
      echo "      - record: dashboard:query_$i"
      printf '        expr: %s\n' "$(jq -Rn --arg e "$(expand_query "$expr" '.*' '.*' '.*')" '$e')"
    done <"$WORK/queries.tsv"
  } >"$WORK/dashboard-queries.rules.yml"
  promtool check rules "$WORK/dashboard-queries.rules.yml" >/dev/null ||
    fail "a dashboard query is not valid PromQL (see $WORK/dashboard-queries.rules.yml)"
  echo "all $i dashboard queries parse as PromQL"
}

# Dashboards and alerts may only use the metric names the server exposes (brief-api.md).
check_metric_names() {
  local allowed used name bad=0
  allowed='^(update_checks_total|update_attempts_total|update_success_total|update_failures_total|update_rollbacks_total|update_refusals_total|update_recalls_total|update_status_reports_total|update_(duration|download|install|migration)_seconds_(bucket|sum|count)|update_status_ingest_seconds_(bucket|sum|count)|update_clients|update_fleet_clients|update_rollout_percentage|update_rollout_halted|update_manifest_expiry_seconds|update_bytes_(downloaded|full)_total|update_freeze_suspected_total)$'
  used=$( (cut -f3 "$WORK/queries.tsv"; grep 'expr' "$PROM_DIR/alerts.yml"; grep 'series:' "$PROM_DIR/alerts.test.yml") |
    grep -o '\bupdate_[a-z_]*' | sort -u)
  for name in $used; do
    if ! [[ $name =~ $allowed ]]; then
      echo "unknown server metric: $name" >&2
      bad=1
    fi
  done
  [[ $bad -eq 0 ]] || fail "dashboard or alerts use metric names the server does not expose"
  echo "metric names match the server's contract"
}

# --- 4. Live: server + Prometheus + scripted fleet -------------------------------------------------


wait_for_url() {
  local url=$1 what=$2 seconds=$3 pid=$4
  for _ in $(seq 1 "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || fail "$what exited before becoming ready"
    sleep 1
  done
  fail "$what not ready at $url after ${seconds}s"
}

# The fleet gauges are counted on a timer (60 s by default); a short one lets the one-agent check see
# the adoption panel move within its wait.
start_server() {
  [[ -f "$SERVER_JAR" ]] || fail "$SERVER_JAR is missing: build it first with ./mvnw -B verify"
  SERVER_PORT=$(free_port)
  SERVER="http://127.0.0.1:$SERVER_PORT"
  mkdir -p "$WORK/server-data"
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$SERVER_PORT OPENUPDATE_DATA_DIR="$WORK/server-data" \
    OPENUPDATE_ADMIN_TOKEN="$ADMIN_TOKEN" \
    OPENUPDATE_FLEET_GAUGE_INTERVAL=2s OPENUPDATE_FLEET_FLUSH_INTERVAL=1s \
    java -jar "$SERVER_JAR" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  if ! (wait_for_url "$SERVER/q/health/ready" "server" 120 "$SERVER_PID"); then
    tail -50 "$WORK/server.log" >&2
    fail "server did not start (this test needs the embedded H2 build: ./mvnw -B -q -DskipTests package)"
  fi
  # Flyway names the database it migrated: the H2 file under this run's data directory.
  grep -q "Database: jdbc:h2:file:$WORK/server-data/" "$WORK/server.log" ||
    fail "the server does not run on its embedded H2 file: $(grep -m1 'Database:' "$WORK/server.log")"
  echo "server pid $SERVER_PID on $SERVER (embedded H2)"
}

# The checked-in scrape job, pointed at the test server and scraping every second.
start_prometheus() {
  PROM_PORT=$(free_port)
  PROM="http://127.0.0.1:$PROM_PORT"
  mkdir -p "$WORK/prometheus/data"
  cp "$PROM_DIR/alerts.yml" "$WORK/prometheus/alerts.yml"
  sed -e "s/openupdate-server:8080/127.0.0.1:$SERVER_PORT/" \
    -e 's/scrape_interval: 15s/scrape_interval: 1s/' \
    -e 's/evaluation_interval: 15s/evaluation_interval: 1s/' \
    -e 's/scrape_timeout: 10s/scrape_timeout: 1s/' \
    "$PROM_DIR/prometheus.yml" >"$WORK/prometheus/prometheus.yml"
  grep -q "127.0.0.1:$SERVER_PORT" "$WORK/prometheus/prometheus.yml" ||
    fail "could not point the scrape config at the test server"
  promtool check config "$WORK/prometheus/prometheus.yml" >/dev/null
  prometheus --config.file="$WORK/prometheus/prometheus.yml" \
    --storage.tsdb.path="$WORK/prometheus/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
  PROM_PID=$!
  STARTED_PIDS+=("$PROM_PID")
  if ! (wait_for_url "$PROM/-/ready" "prometheus" 60 "$PROM_PID"); then
    tail -30 "$WORK/prometheus.log" >&2
    fail "prometheus did not start"
  fi
  echo "prometheus pid $PROM_PID on $PROM scraping $SERVER/q/metrics"
}

prom_query() {
  curl -fsS -G "$PROM/api/v1/query" --data-urlencode "query=$1"
}

wait_for_scrape() {
  for _ in $(seq 1 30); do
    if [[ $(prom_query 'up{job="openupdate-server"}' | jq -r '.data.result[0].value[1] // ""') == "1" ]]; then
      return
    fi
    sleep 1
  done
  fail "prometheus does not scrape the server (up != 1); last scrape error: $(curl -fsS "$PROM/api/v1/targets" | jq -r '.data.activeTargets[0].lastError')"
}

uuid() { cat /proc/sys/kernel/random/uuid; }

# Calls the admin API; prints the answer, or fails with the server's problem+json.
admin() { admin_call "$SERVER" "$@"; }

# A client's update check; leaves the answer in $WORK/last-check.json.
check() {
  local client=$1 channel=$2 current=$3
  local code
  code=$(curl -sS -o "$WORK/last-check.json" -w '%{http_code}' "$SERVER/api/v1/updates/check" \
    -H "X-Product: $PRODUCT" -H "X-Channel: $channel" -H "X-Current-Version: $current" \
    -H "X-Client-Id: $client" -H "X-Platform: bare-metal")
  [[ $code == 200 ]] || fail "check by $client answered $code: $(cat "$WORK/last-check.json")"
}

offered_version() {
  jq -r 'if .updateAvailable then .version else "" end' "$WORK/last-check.json"
}

# report CLIENT CHANNEL FROM VERSION STATUS DETAILS [PHASE] [EXTRA]: EXTRA is a JSON object of further
# fields (refusal, rollbackReason). For rolled-back and recalled, VERSION is the version running now
# and FROM the version left, which the server counts them against.
report() {
  local client=$1 channel=$2 from=$3 version=$4 status=$5 details=$6 phase=${7:-} extra=${8:-'{}'}
  local body code
  body=$(jq -n --arg id "$(uuid)" --arg client "$client" --arg product "$PRODUCT" --arg from "$from" \
    --arg version "$version" --arg channel "$channel" --arg status "$status" --arg phase "$phase" \
    --arg ts "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --argjson details "$details" --argjson extra "$extra" '
    {reportId: $id, clientId: $client, product: $product, fromVersion: $from, version: $version,
     channel: $channel, status: $status, timestamp: $ts, details: $details}
    + (if $phase == "" then {} else {phase: $phase} end) + $extra')
  code=$(curl -sS -o "$WORK/last-report.json" -w '%{http_code}' -X POST "$SERVER/api/v1/updates/status" \
    -H 'Content-Type: application/json' --data "$body")
  [[ $code == 202 ]] || fail "status report ($status) by $client answered $code: $(cat "$WORK/last-report.json")"
}

# Creates the product, then publishes STABLE_VERSION on stable (staged: half the fleet first, with
# thresholds loose enough that the scripted failures do not halt it) and BETA_VERSION on beta (the
# original design's default thresholds: two bad outcomes halt it), each with one uploaded component
# and a manifest that expires in 30 days.
publish_releases() {
  STABLE_VERSION=1.1.0
  BETA_VERSION=1.2.0-beta.1
  admin POST /products -H 'Content-Type: application/json' \
    --data "{\"name\": \"$PRODUCT\", \"description\": \"check-observability fleet\"}" >/dev/null
  local stages='[{"percentage": 50, "minimumDurationMinutes": 60}, {"percentage": 100}]'
  publish_release "$STABLE_VERSION" stable "{\"stages\": $stages}"
  # The publish call keeps only the plan's stages (update-server release/RolloutPlan.java has no
  # thresholds), so the thresholds go through the rollout's own plan endpoint.
  admin PUT "/rollouts/$PRODUCT/$STABLE_VERSION/stable/plan" -H 'Content-Type: application/json' \
    --data "{\"stages\": $stages, \"thresholds\": {\"minimumReports\": 100,
             \"minimumSuccessRate\": 0.5, \"maximumErrorRate\": 0.5}}" >/dev/null
  admin GET "/rollouts/$PRODUCT/$STABLE_VERSION/stable" |
    jq -e '.plan.thresholds.maximumErrorRate == 0.5 and .percentage == 50' >/dev/null ||
    fail "rollout of $STABLE_VERSION on stable did not take the plan: $(cat "$WORK/last-admin.json")"
  publish_release "$BETA_VERSION" beta '{"stages": [{"percentage": 100}]}'
}

# publish_release VERSION CHANNEL PLAN [PRODUCT] [DATABASE]: DATABASE is the manifest's database
# section (JSON); a migration it names ships as NAME.sql in a second component, "db".
publish_release() {
  local version=$1 channel=$2 plan=$3 product=${4:-$PRODUCT} database=${5:-}
  local artifact="$WORK/$product-$version.bin" manifest="$WORK/manifest-$product-$version.json"
  local sql="$WORK/sql-$product-$version" db="$WORK/$product-$version-db.tar.gz" components name
  head -c 65536 /dev/urandom >"$artifact"
  components=$(component app "$version" "$artifact")
  if [[ -n $database ]]; then
    mkdir -p "$sql"
    for name in $(jq -r '.migrations // [] | .[]' <<<"$database"); do
      printf 'create table %s (id int);\n' "t_${name//[^A-Za-z0-9]/_}" >"$sql/$name"
    done
    tar -czf "$db" -C "$sql" .
    components=$(jq -n --argjson a "$components" --argjson b "$(component db "$version" "$db")" '$a + $b')
  fi
  jq -n --arg product "$product" --arg version "$version" --arg channel "$channel" \
    --arg released "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg expires "$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)" \
    --argjson components "$components" --argjson database "${database:-null}" '
    {product: $product, version: $version, channel: $channel, releaseDate: $released,
     expires: $expires, mandatory: false, components: $components}
    + (if $database == null then {} else {database: $database} end)' >"$manifest"
  admin POST /releases -H 'Content-Type: application/json' --data-binary "@$manifest" >/dev/null
  admin PUT "/releases/$product/$version/artifacts/app" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$artifact" >/dev/null
  if [[ -n $database ]]; then
    admin PUT "/releases/$product/$version/artifacts/db" -H 'Content-Type: application/octet-stream' \
      --data-binary "@$db" >/dev/null
  fi
  admin POST "/releases/$product/$version/publish" -H 'Content-Type: application/json' \
    --data "{\"channel\": \"$channel\", \"rolloutPlan\": $plan}" >/dev/null
  echo "published $product $version on $channel"
}

# component NAME VERSION FILE: a manifest's components entry for FILE.
component() {
  jq -n --arg name "$1" --arg version "$2" --arg sha "$(sha256sum "$3" | cut -d' ' -f1)" \
    --argjson size "$(stat -c %s "$3")" \
    '{($name): {version: $version, sha256: $sha, size: $size, required: true}}'
}

# One wave of a scripted fleet: every client checks; the clients offered an update download and
# install it. Wave 1 goes well (it creates the success and duration series); later waves also fail,
# roll back and stay in progress, so those counters exist before the last wave and grow during it
# (increase() and rate() need two samples of a series). Outcomes follow the offered count, not the
# client number, because which clients the 50 % stage takes depends on their rollout bucket. New
# client ids per wave, so each wave adds attempts.
run_wave() {
  local wave=$1 i client offered=0 stable_offered=0 version
  for i in $(seq 1 30); do
    client="fleet-$wave-stable-$i"
    check "$client" stable 1.0.0
    version=$(offered_version)
    [[ -n $version ]] || continue
    offered=$((offered + 1))
    stable_offered=$((stable_offered + 1))
    case "$wave:$((stable_offered % 5))" in
      1:*) complete_update "$client" stable "$version" ;;
      *:2) fail_update "$client" stable "$version" ;;
      *:3) roll_back_update "$client" stable "$version" ;;
      *:4) report "$client" stable 1.0.0 "$version" in-progress '{}' installing ;;
      # Refused offers are no attempts: the rollout stays at 50 % and unhalted with them.
      *:1) report "$client" stable 1.0.0 "$version" refused '{}' '' '{"refusal": "bad-signature"}' ;;
      *) complete_update "$client" stable "$version" ;;
    esac
  done
  ((stable_offered >= 5)) ||
    fail "wave $wave: only $stable_offered of 30 stable clients were offered $STABLE_VERSION at 50 %"
  for i in $(seq 1 10); do
    client="fleet-$wave-beta-$i"
    check "$client" beta 1.0.0
    version=$(offered_version)
    [[ -n $version ]] || continue
    offered=$((offered + 1))
    if [[ $wave -gt 1 && $i -eq 3 ]]; then
      roll_back_update "$client" beta "$version"
    elif [[ $wave -gt 1 && $i -eq 4 ]]; then
      fail_update "$client" beta "$version"
    elif [[ $wave -gt 1 && $i -eq 5 ]]; then
      report "$client" beta 1.0.0 "$version" refused '{}' '' '{"refusal": "sequence-replay"}'
    else
      complete_update "$client" beta "$version"
    fi
  done
  echo "wave $wave: 40 clients checked, $offered were offered an update and reported"
}

complete_update() {
  local client=$1 channel=$2 version=$3
  report "$client" "$channel" 1.0.0 "$version" in-progress '{}' downloading
  report "$client" "$channel" 1.0.0 "$version" completed \
    "{\"downloadTime\": $((RANDOM % 7 + 1)).5, \"installTime\": $((RANDOM % 5 + 2)).25,
      \"migrationTime\": 0.$((RANDOM % 9 + 1))}"
  check "$client" "$channel" "$version"
}

fail_update() {
  local client=$1 channel=$2 version=$3
  report "$client" "$channel" 1.0.0 "$version" in-progress '{}' verifying
  report "$client" "$channel" 1.0.0 "$version" failed '{"errors": ["sha256 mismatch for component app"]}'
}

roll_back_update() {
  local client=$1 channel=$2 version=$3
  report "$client" "$channel" 1.0.0 "$version" in-progress '{}' health-checking
  report "$client" "$channel" "$version" 1.0.0 rolled-back \
    '{"downloadTime": 2.0, "installTime": 3.0, "errors": ["health check failed: /health answered 503"]}' \
    '' '{"rollbackReason": "health-check"}'
}

# A release pulled with a recall target: a client still on it is offered the older release through
# a recall manifest whose sequence is above the pulled one's, and reports recalled (counted apart,
# never as a failure).
recall_a_release() {
  local pulled=1.1.1 pulled_sequence recall_sequence url
  publish_release "$pulled" stable '{"stages": [{"percentage": 100}]}'
  pulled_sequence=$(curl -fsS "$SERVER/api/v1/releases/$PRODUCT/$pulled/manifest?channel=stable" |
    jq -r '.sequence')
  admin POST "/releases/$PRODUCT/$pulled/pull" -H 'Content-Type: application/json' \
    --data "{\"channel\": \"stable\", \"reason\": \"observability check\",
             \"recallTo\": \"$STABLE_VERSION\"}" >/dev/null
  check fleet-recalled stable "$pulled"
  jq -e --arg v "$STABLE_VERSION" '.updateAvailable and .recall and .version == $v' \
    "$WORK/last-check.json" >/dev/null ||
    fail "a client on the pulled $pulled was not offered the recall: $(cat "$WORK/last-check.json")"
  url=$(jq -r '.manifestUrl' "$WORK/last-check.json")
  recall_sequence=$(curl -fsS "$SERVER$url" | jq -r --arg p "$pulled" 'select(.recallOf == $p) | .sequence')
  [[ -n $recall_sequence ]] && ((recall_sequence > pulled_sequence)) ||
    fail "recall manifest sequence '$recall_sequence' is not above the pulled one's $pulled_sequence"
  wait_for_series "update_recalls_total{product=\"$PRODUCT\", version=\"$pulled\", target=\"$STABLE_VERSION\"}"
  report fleet-recalled stable "$pulled" "$STABLE_VERSION" in-progress '{}' installing
  report fleet-recalled stable "$pulled" "$STABLE_VERSION" recalled \
    '{"downloadTime": 1.5, "installTime": 2.5}'
  echo "pulled $pulled with recallTo $STABLE_VERSION: offered through a manifest of sequence" \
    "$recall_sequence (pulled: $pulled_sequence), reported recalled"
}

# Waits until Prometheus has a finite sample of the query: a series must be scraped at 0 before its
# first event, or increase() has nothing to count it from.
wait_for_series() {
  for _ in $(seq 1 30); do
    query_has_data "$1" && return
    sleep 1
  done
  fail "Prometheus has no sample of $1"
}

run_fleet() {
  local wave
  # Several waves a few scrapes apart: rate(), increase() and histogram_quantile() need counters
  # that grow between samples, not only counters that appear.
  for wave in 1 2 3; do
    run_wave "$wave"
    sleep 4
  done
}

# A query passes when Prometheus answers with at least one finite sample (NaN from 0/0 does not count).
query_has_data() {
  prom_query "$1" | jq -e '.status == "success" and
    ([.data.result[] | .value[1] | select(. != "NaN" and . != "+Inf" and . != "-Inf")] | length > 0)' \
    >/dev/null
}

# Gauges the server computes on a schedule (clients per version, rollout state) may lag the fleet:
# poll every pending query until all have data or the deadline passes.
assert_panel_queries() {
  local deadline=$((SECONDS + 90)) title ref expr i
  local -a titles=() refs=() exprs=() pending=() still=()
  while IFS=$'\t' read -r title ref expr; do
    titles+=("$title")
    refs+=("$ref")
    exprs+=("$(expand_query "$expr" "$PRODUCT" '.*' openupdate-server)")
  done <"$WORK/queries.tsv"
  pending=("${!exprs[@]}")
  while ((${#pending[@]} > 0 && SECONDS < deadline)); do
    still=()
    for i in "${pending[@]}"; do
      if query_has_data "${exprs[$i]}"; then
        printf '  ok    %-38s %s  %s\n' "${titles[$i]}" "${refs[$i]}" \
          "$(prom_query "${exprs[$i]}" | jq -c '[.data.result[] | {m: .metric, v: .value[1]}] | .[:3]')"
      else
        still+=("$i")
      fi
    done
    pending=("${still[@]}")
    ((${#pending[@]} == 0)) || sleep 2
  done
  for i in "${pending[@]}"; do
    printf '  EMPTY %-38s %s  %s\n' "${titles[$i]}" "${refs[$i]}" "${exprs[$i]}" >&2
  done
  ((${#pending[@]} == 0)) || fail "${#pending[@]} of ${#exprs[@]} dashboard queries returned no data"
  echo "all ${#exprs[@]} dashboard queries return data through Prometheus"
}

# The panel's query (title, refId) as the dashboard holds it, with this run's selection (the product
# $PANEL_PRODUCT, else the fleet's).
panel_query() {
  local title=$1 ref=$2 expr
  expr=$(awk -F'\t' -v t="$title" -v r="$ref" '$1 == t && $2 == r { print $3 }' "$WORK/queries.tsv")
  [[ -n $expr ]] || fail "dashboard has no query $ref in panel \"$title\""
  expand_query "$expr" "${PANEL_PRODUCT:-$PRODUCT}" '.*' openupdate-server
}

# The value of the series whose label $label is $value in the panel query's answer ("" if none);
# with an empty $label, of its only series (the stat panels' sum()).
panel_value() {
  local title=$1 ref=$2 label=$3 value=$4
  prom_query "$(panel_query "$title" "$ref")" |
    jq -r --arg l "$label" --arg v "$value" \
      '[.data.result[] | select($l == "" or .metric[$l] == $v) | .value[1]] | first // ""'
}

# True when VALUE is a finite decimal number that meets CONDITION (an awk expression on x). Prometheus
# answers NaN (0/0) and +Inf/-Inf as strings that mawk compares as numbers ("NaN" passes "> 0"), so
# anything but a finite number fails before the comparison.
meets() {
  local value=$1 condition=$2
  [[ $value =~ ^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$ ]] &&
    awk -v x="$value" "BEGIN { exit !(x $condition) }"
}

# Non-empty is not enough to show that a panel reads the right series: the fleet drove known cases,
# so these panels must show them (finite numbers compared with awk, since values are decimal strings).
expect_panel() {
  local title=$1 ref=$2 label=$3 value=$4 condition=$5 actual
  actual=$(panel_value "$title" "$ref" "$label" "$value")
  if meets "$actual" "$condition"; then
    printf '  shows %-38s %s  %s: %s (%s)\n' "$title" "$ref" "${label:-total}${label:+=$value}" \
      "$actual" "$condition"
  else
    fail "panel \"$title\" $ref for $label=$value shows '$actual', expected $condition"
  fi
}

# The H2 driver the packaged server ships: the agents run their releases' migrations in H2 files.
h2_driver() {
  local jar
  jar=$(find "$ROOT/update-server/target/quarkus-app/lib/main" -name 'com.h2database.h2-*.jar' | head -1)
  [[ -n $jar ]] || fail "no H2 driver in update-server/target/quarkus-app/lib/main (embedded build)"
  printf '%s' "$jar"
}

# new_agent DIR PRODUCT [EXTRA]: a real agent's home on the stable channel, pinned to the server's
# signing key, backing up its data folder, with an H2 database there for the releases' migrations;
# EXTRA (a JSON object) is merged into its config.
new_agent() {
  local agent=$1 product=$2 extra=${3:-'{}'} keys
  mkdir -p "$agent/data"
  keys=$(curl -fsS "$SERVER/api/v1/keys")
  jq -r '.[0].armoredPublicKey' <<<"$keys" >"$agent/server.asc"
  jq -n --arg url "$SERVER" --arg product "$product" --arg dir "$agent" --arg driver "$(h2_driver)" \
    --arg fingerprint "$(jq -r '.[0].fingerprint' <<<"$keys")" --argjson extra "$extra" '
    {serverUrl: $url, product: $product, channel: "stable", initialVersion: "0.9.0",
     installDir: "\($dir)/install", stateDir: "\($dir)/state", platform: "bare-metal",
     maintenanceWindow: {enabled: false},
     trust: {keys: ["\($dir)/server.asc"], fingerprints: [$fingerprint]},
     backup: {paths: ["\($dir)/data"]},
     database: {url: "jdbc:h2:file:\($dir)/data/app", driverJar: $driver}} + $extra' \
    >"$agent/config.json"
}

# agent_run DIR EXIT ARGS...: runs the agent jar with DIR's config; fails unless it exits with EXIT.
agent_run() {
  local agent=$1 expected=$2 code=0
  shift 2
  java -Xmx64m -jar "$CLIENT_JAR" -c "$agent/config.json" "$@" >"$agent/last.log" 2>&1 || code=$?
  cat "$agent/last.log" >>"$agent/agent.log"
  [[ $code == "$expected" ]] ||
    fail "agent $* exited $code, expected $expected: $(tail -20 "$agent/last.log")"
}

expect_current() {
  local agent=$1 version=$2
  [[ $(readlink "$agent/install/current") == *"/$version" ]] ||
    fail "the agent runs $(readlink "$agent/install/current"), expected $version"
}

# Publishes a release of PRODUCT on stable for everyone and waits until Prometheus has scraped its
# series at 0: only then does increase() see its first event.
publish_at_zero() {
  local product=$1 version=$2 database=${3:-}
  publish_release "$version" stable '{"stages": [{"percentage": 100}]}' "$product" "$database"
  wait_for_series "update_attempts_total{product=\"$product\", channel=\"stable\", version=\"$version\"} == 0"
}

# One real agent (the update-client jar) installs one release of a product nothing else touches.
# The original design's four panels read increase() over the dashboard's range and the per-version
# panels increase() and rate() over $__rate_interval: they show this first install only because
# its series existed at 0 (scraped before the install) from the moment the release was published.
# The release carries a database migration, so the install reports a migration time too.
first_install_with_one_agent() {
  [[ -f "$CLIENT_JAR" ]] || fail "$CLIENT_JAR is missing: build it first with ./mvnw -B verify"
  local agent="$WORK/agent"
  admin POST /products -H 'Content-Type: application/json' \
    --data "{\"name\": \"$FIRST_PRODUCT\", \"description\": \"one agent, one release\"}" >/dev/null
  publish_at_zero "$FIRST_PRODUCT" 1.0.0 '{"migrations": ["001-items.sql"]}'
  new_agent "$agent" "$FIRST_PRODUCT"
  agent_run "$agent" 0 apply --ignore-window
  expect_current "$agent" 1.0.0
  # Its next check tells the server it runs 1.0.0 (version adoption).
  agent_run "$agent" 0 check
  echo "the agent installed $FIRST_PRODUCT 1.0.0 (with a database migration)"

  PANEL_PRODUCT=$FIRST_PRODUCT
  expect_panel_soon "Update success rate" A "" "" '> 99.9 && x < 100.1'
  expect_panel_soon "Average update time" A "" "" '> 0'
  expect_panel_soon "Updates by channel" A channel stable '> 0'
  expect_panel_soon "Rollback rate" A "" "" '== 0'
  expect_panel_soon "Update outcomes by version" A version 1.0.0 '> 0'
  expect_panel_soon "Update time by version" A version 1.0.0 '> 0'
  expect_panel_soon "Update time by version" B version 1.0.0 '> 0'
  expect_panel_soon "Download, install and migration time by version" A version 1.0.0 '> 0'
  expect_panel_soon "Download, install and migration time by version" B version 1.0.0 '> 0'
  expect_panel_soon "Download, install and migration time by version" C version 1.0.0 '> 0'
  expect_panel_soon "Version adoption over time" A version 1.0.0 '== 1'
  unset PANEL_PRODUCT
  echo "one agent's first install shows on the original design's four panels and the per-version panels"
}

# ONE real agent of a product of its own meets every other outcome once, each release's series
# scraped at 0 before its event: 1.0.0 installs (with a migration); 1.1.0 fails the agent's health
# check and is rolled back; 1.2.0's migration expects a schema version the database does not have
# and fails;
# 1.3.0 is refused once (the agent pinned another key for that run) and then installed; 1.3.0 is
# pulled with recallTo 1.0.0 and the agent is recalled. Each outcome panel must show its first event.
other_outcomes_with_one_agent() {
  local agent="$WORK/outcomes-agent" vendor="$ROOT/update-server/src/test/resources/openpgp"
  admin POST /products -H 'Content-Type: application/json' \
    --data "{\"name\": \"$OUTCOMES_PRODUCT\", \"description\": \"one agent, every outcome\"}" >/dev/null
  new_agent "$agent" "$OUTCOMES_PRODUCT" '{
    "hooks": {"healthCheck": {"command": "test \"$UPDATE_TO_VERSION\" != 1.1.0", "interval": 1}},
    "rollback": {"healthCheckTimeout": 2}}'

  publish_at_zero "$OUTCOMES_PRODUCT" 1.0.0 '{"migrations": ["001-items.sql"]}'
  agent_run "$agent" 0 apply --ignore-window
  expect_current "$agent" 1.0.0

  publish_at_zero "$OUTCOMES_PRODUCT" 1.1.0
  agent_run "$agent" 7 apply --ignore-window
  expect_current "$agent" 1.0.0
  grep -q 'health check' "$agent/last.log" ||
    fail "1.1.0 was not rolled back for its health check: $(tail -5 "$agent/last.log")"

  publish_at_zero "$OUTCOMES_PRODUCT" 1.2.0 \
    '{"migrations": ["002-more.sql"], "expectedSchemaVersion": "0.1.0"}'
  agent_run "$agent" 1 apply --ignore-window
  expect_current "$agent" 1.0.0

  publish_at_zero "$OUTCOMES_PRODUCT" 1.3.0
  cp "$agent/config.json" "$agent/config.pinned.json"
  jq --arg key "$vendor/vendor-ed25519.pub.asc" \
    '.trust = {keys: [$key], fingerprints: ["923B76B73C91A5257E1404206ED835603A04B3DD"]}' \
    "$agent/config.pinned.json" >"$agent/config.json"
  agent_run "$agent" 4 apply --ignore-window
  grep -q 'is not from a pinned key' "$agent/last.log" ||
    fail "1.3.0 was not refused for its unpinned key: $(tail -5 "$agent/last.log")"
  mv "$agent/config.pinned.json" "$agent/config.json"
  expect_current "$agent" 1.0.0
  agent_run "$agent" 0 apply --ignore-window
  expect_current "$agent" 1.3.0

  admin POST "/releases/$OUTCOMES_PRODUCT/1.3.0/pull" -H 'Content-Type: application/json' \
    --data '{"channel": "stable", "reason": "observability check", "recallTo": "1.0.0"}' >/dev/null
  wait_for_series "update_recalls_total{product=\"$OUTCOMES_PRODUCT\", version=\"1.3.0\", target=\"1.0.0\"} == 0"
  agent_run "$agent" 0 apply --ignore-window
  expect_current "$agent" 1.0.0
  echo "the agent installed 1.0.0, rolled 1.1.0 back, failed 1.2.0, refused then installed 1.3.0," \
    "and was recalled from the pulled 1.3.0 to 1.0.0"

  PANEL_PRODUCT=$OUTCOMES_PRODUCT
  expect_panel_soon "Update outcomes by version" B version 1.2.0 '> 0'
  expect_panel_soon "Update outcomes by version" C version 1.1.0 '> 0'
  expect_panel_soon "Update outcomes by version" D version 1.3.0 '> 0'
  expect_panel_soon "Update outcomes by version" E version 1.3.0 '> 0'
  # Signed by the server's key, which that run did not pin.
  expect_panel_soon "Refused offers by reason" A reason unpinned-key '> 0'
  expect_panel_soon "Rollback rate" A "" "" '> 0'
  expect_panel_soon "Download, install and migration time by version" C version 1.0.0 '> 0'
  unset PANEL_PRODUCT
  echo "one agent's first failure, rollback, refusal and recall show on every outcome panel"
}

# expect_panel, retried for up to 30 s: scrapes, the fleet's write-behind and gauges lag a little.
expect_panel_soon() {
  local deadline=$((SECONDS + 30)) actual
  while ((SECONDS < deadline)); do
    actual=$(panel_value "$1" "$2" "$3" "$4")
    if meets "$actual" "$5"; then
      break
    fi
    sleep 1
  done
  expect_panel "$@"
}

assert_panels_show_the_fleet() {
  expect_panel "Updates by channel" A channel stable '> 0'
  expect_panel "Updates by channel" A channel beta '> 0'
  expect_panel "Update outcomes by version" A version "$STABLE_VERSION" '> 0'
  expect_panel "Update outcomes by version" B version "$STABLE_VERSION" '> 0'
  expect_panel "Update outcomes by version" C version "$STABLE_VERSION" '> 0'
  expect_panel "Update outcomes by version" D version "$STABLE_VERSION" '> 0'
  expect_panel "Update outcomes by version" E version 1.1.1 '> 0'
  expect_panel "Download, install and migration time by version" A version "$STABLE_VERSION" '> 0'
  expect_panel "Download, install and migration time by version" B version "$STABLE_VERSION" '> 0'
  expect_panel "Download, install and migration time by version" C version "$STABLE_VERSION" '> 0'
  expect_panel "Refused offers by reason" A reason bad-signature '> 0'
  expect_panel "Refused offers by reason" A reason sequence-replay '> 0'
  expect_panel "Version adoption over time" A version "$STABLE_VERSION" '> 0'
  expect_panel "Version adoption over time" A version "$BETA_VERSION" '> 0'
  expect_panel "Version adoption over time" A version 1.0.0 '> 0'
  expect_panel "Checks per second by channel" A channel stable '> 0'
  expect_panel "Checks per second by channel" A channel beta '> 0'
  expect_panel "Rollout stage" A version "$STABLE_VERSION" '== 50'
  expect_panel "Rollout stage" A version "$BETA_VERSION" '== 0'
  expect_panel "Rollout halts" A version "$STABLE_VERSION" '== 0'
  expect_panel "Rollout halts" A version "$BETA_VERSION" '== 1'
  expect_panel "Manifest expiry" A version "$STABLE_VERSION" '> 29 * 86400'
  expect_panel "Status reports ingested per second" A status rolled-back '> 0'
  expect_panel "Status reports ingested per second" A status failed '> 0'
  expect_panel "Status reports ingested per second" A status refused '> 0'
  expect_panel "Status reports ingested per second" A status recalled '> 0'
  echo "the panels show what the fleet did (stages, the halted beta, failures, rollbacks, refusals," \
    "a recall, adoption)"
}

assert_template_variables() {
  curl -fsS -G "$PROM/api/v1/label/product/values" --data-urlencode 'match[]=update_checks_total' |
    jq -e --arg p "$PRODUCT" '.data | index($p) != null' >/dev/null ||
    fail "template variable product: $PRODUCT not among label_values(update_checks_total, product)"
  curl -fsS -G "$PROM/api/v1/label/channel/values" \
    --data-urlencode "match[]=update_checks_total{product=\"$PRODUCT\"}" |
    jq -e '.data | (index("stable") != null) and (index("beta") != null)' >/dev/null ||
    fail "template variable channel: stable and beta not among the channel label values"
  curl -fsS -G "$PROM/api/v1/label/job/values" --data-urlencode 'match[]=http_server_requests_seconds_count' |
    jq -e '.data | index("openupdate-server") != null' >/dev/null ||
    fail "template variable job: openupdate-server not found"
  echo "template variables product, channel and job resolve to the fleet's values"
}

assert_alert_rules_loaded() {
  local expected loaded
  expected=$(grep -c '^ *- alert:' "$PROM_DIR/alerts.yml")
  loaded=$(curl -fsS "$PROM/api/v1/rules" |
    jq '[.data.groups[].rules[] | select(.type == "alerting" and .health == "ok")] | length')
  [[ $loaded -eq $expected ]] || fail "Prometheus evaluates $loaded healthy alert rules, expected $expected"
  echo "Prometheus loaded and evaluates all $expected alert rules"
}

# The halted beta rollout is a real case for UpdateRolloutHalted: Prometheus must evaluate it to an
# active (pending, for: 1m) alert with the release's labels.
assert_halt_alert_active() {
  local query="ALERTS{alertname=\"UpdateRolloutHalted\", product=\"$PRODUCT\", channel=\"beta\", version=\"$BETA_VERSION\"}"
  for _ in $(seq 1 15); do
    if query_has_data "$query"; then
      echo "alert UpdateRolloutHalted is $(prom_query "$query" | jq -r '.data.result[0].metric.alertstate') for $PRODUCT $BETA_VERSION on beta"
      return
    fi
    sleep 1
  done
  fail "UpdateRolloutHalted is not active for the halted beta rollout: $(curl -fsS "$PROM/api/v1/alerts" | jq -c .data)"
}

main() {
  step "Prometheus from Debian's packages"
  install_prometheus
  step "promtool: config, rules, rule unit tests"
  check_prometheus_files
  step "Grafana dashboard structure and queries"
  validate_dashboard
  check_readme_counts
  check_number_comparisons
  if [[ "${1:-}" == "--static-only" ]]; then
    echo "static checks passed (live part skipped)"
    return
  fi
  step "packaged server"
  start_server
  step "real Prometheus scraping the server"
  start_prometheus
  wait_for_scrape
  step "one agent, one release: the first install on every panel"
  first_install_with_one_agent
  step "one agent: its first rollback, failure, refusal and recall on every outcome panel"
  other_outcomes_with_one_agent
  step "publish releases through the admin API"
  publish_releases
  step "scripted fleet through the public HTTP API"
  run_fleet
  recall_a_release
  step "every dashboard query through Prometheus's HTTP API"
  assert_panel_queries
  assert_panels_show_the_fleet
  assert_template_variables
  assert_alert_rules_loaded
  assert_halt_alert_active
  echo
  echo "PASS: observability checked against a live server and Prometheus"
}

main "$@"
