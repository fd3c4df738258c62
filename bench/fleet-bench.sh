#!/usr/bin/env bash
# Benchmark of GET /api/v1/admin/fleet on PostgreSQL with 1,000,000 clients: filtered pages (drift
# state, channel, platform, version, client id prefix), first pages and deep cursor pages, each over
# many distinct filter values, timed through the packaged server beside the same page query run
# directly in psql (the raw SQL: what the server adds is heads, drift, last reports, JSON and HTTP).
# A deep page by OFFSET, the naive way, is printed for contrast.
#   bench/fleet-bench.sh            full run: 1,000,000 clients, 3 rounds of 20 values per filter
#   bench/fleet-bench.sh --smoke    CI: 20,000 clients, 3 rounds of 3 values
# Env: REBUILD=1 to repackage the server, CLIENTS, VALUES (per filter), ROUNDS (3).
# Figures are medians: per round the median over the values, then the median of the rounds (the
# server and psql alternate filter by filter, so both see the same machine load).
set -euo pipefail
BENCH_DB=${BENCH_DB:-openupdate_fleetbench}
# Not the other benches' port: they may run at the same time on a shared machine.
SERVER_PORT=${SERVER_PORT:-18090}
source "$(dirname "$0")/server/common.sh"

CLIENTS=${CLIENTS:-1000000}
VALUES=${VALUES:-20}
ROUNDS=${ROUNDS:-3}
if [[ "${1:-}" == "--smoke" ]]; then
  CLIENTS=20000
  VALUES=3
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--smoke]" >&2
  exit 2
fi
PRODUCT=bench

ensure_packages postgresql curl jq
fresh_database
build_server
start_server

log "seeding $CLIENTS clients and one status report each"
seed_started=$(date +%s)
psql_bench -v clients="$CLIENTS" -f "$ROOT/bench/server/fleet-seed.sql" >/dev/null
log "seeded in $(($(date +%s) - seed_started)) s"

# Stale means not seen for 7 days (the server's default stale-after); the server takes its own now.
STALE_BEFORE=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:%SZ)
COLUMNS_SQL="select f.client_id, f.product, f.channel, f.version, f.agent_version, f.platform, f.first_seen, f.last_seen from fleet_clients f"

# The drift of each (channel, version) of product bench, as the seeded catalog makes it (see
# fleet-seed.sql): the raw SQL gets the same version lists the server derives from fleet_versions.
# The bench checks below that both answer the same clients.
DRIFT_SQL="case when version = '1.0.15' then 'on-pulled'
  when (channel = 'stable' and version = '1.0.19') or (channel <> 'stable' and version = '1.1.0-beta.4') then 'current'
  else 'behind' end"

# The raw page query's condition for a drift state (and an optional channel).
state_where() {
  local state=$1 channel=${2:-}
  if [[ $state == stale ]]; then
    echo "f.last_seen < '$STALE_BEFORE'"
    return
  fi
  local ors
  ors=$(psql_bench -At -c "select string_agg(format('(f.product = %L and f.channel = %L and f.version in (%s))', product, channel, versions), ' or ')
    from (select product, channel, string_agg(quote_literal(version), ', ') as versions from fleet_versions
          where product = '$PRODUCT' ${channel:+and channel = '$channel'} and ($DRIFT_SQL) = '$state'
          group by product, channel) v")
  echo "f.last_seen >= '$STALE_BEFORE' and ($ors)"
}

cursor_of() { printf '1\n%s\n%s' "$1" "$PRODUCT" | base64 -w0 | tr '+/' '-_' | tr -d '='; }

# Cases: name|query string|raw SQL condition (after product = 'bench'). One line per distinct value.
CASES="$WORK/cases.txt"
: >"$CASES"
add_case() { printf '%s|%s|%s\n' "$1" "$2" "$3" >>"$CASES"; }

log "building $VALUES values per filter"
values_of() { # the first $VALUES of the given words, repeating them when fewer
  local -a all=("$@") out=()
  local i
  for ((i = 0; i < VALUES; i++)); do out+=("${all[i % ${#all[@]}]}"); done
  echo "${out[@]}"
}
for state in $(values_of current behind on-pulled stale); do
  add_case "first page, drift state" "state=$state" "$(state_where "$state")"
done
for pair in $(values_of stable:current stable:behind beta:current beta:behind early-access:current early-access:behind); do
  channel=${pair%%:*} state=${pair#*:}
  add_case "first page, channel + state" "channel=$channel&state=$state" "f.channel = '$channel' and $(state_where "$state" "$channel")"
done
for pair in $(values_of bare-metal:behind container:on-pulled kubernetes:stale lxc:behind lxc:on-pulled container:current); do
  platform=${pair%%:*} state=${pair#*:}
  add_case "first page, platform + state" "platform=$platform&state=$state" "f.platform = '$platform' and $(state_where "$state")"
done
mapfile -t versions < <(psql_bench -At -c "select version from fleet_versions where product = '$PRODUCT' order by random() limit $VALUES")
for version in $(values_of "${versions[@]}"); do
  add_case "first page, version" "version=$version" "f.version = '$version'"
done
for prefix in $(values_of $(for _ in $(seq 1 "$VALUES"); do printf 'c%03x ' $((RANDOM % 4096)); done)); do
  # As the server bounds a prefix: its last character raised by one.
  last=$(printf '%d' "'${prefix: -1}")
  end=${prefix%?}$(printf "\\$(printf '%03o' $((last + 1)))")
  add_case "first page, client id prefix" "q=$prefix" "f.client_id >= '$prefix' and f.client_id < '$end'"
done
mapfile -t deep < <(psql_bench -At -c "select client_id from fleet_clients where product = '$PRODUCT' and client_id > 'c8' order by random() limit $VALUES")
for id in $(values_of "${deep[@]}"); do
  add_case "deep page (cursor), no filter" "cursor=$(cursor_of "$id")" "(f.client_id, f.product) > ('$id', '$PRODUCT')"
  add_case "deep page (cursor), state behind" "cursor=$(cursor_of "$id")&state=behind" "(f.client_id, f.product) > ('$id', '$PRODUCT') and $(state_where behind)"
done

server_ms() { # query string -> milliseconds of one request
  curl -fsS -o "$WORK/page.json" -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN_TOKEN" \
    "http://127.0.0.1:$SERVER_PORT/api/v1/admin/fleet?product=$PRODUCT&$1" | awk '{printf "%.3f\n", $1 * 1000}'
}
page_sql() { echo "$COLUMNS_SQL where f.product = '$PRODUCT' and $1 order by f.client_id, f.product limit 51;"; }

log "checking that the server and the raw SQL answer the same clients"
while IFS='|' read -r name query where; do
  server_ms "$query" >/dev/null
  jq -r '.clients[].clientId' "$WORK/page.json" >"$WORK/server.ids"
  psql_bench -At -c "$(page_sql "$where")" | cut -d'|' -f1 | head -50 >"$WORK/sql.ids"
  if ! cmp -s "$WORK/server.ids" "$WORK/sql.ids"; then
    echo "server and raw SQL differ for '$name' ($query):" >&2
    diff "$WORK/server.ids" "$WORK/sql.ids" | head >&2
    exit 1
  fi
done < <(awk -F'|' '!seen[$1]++' "$CASES")
# Every case once, to warm up the JIT and the caches.
while IFS='|' read -r _ query _; do server_ms "$query" >/dev/null; done <"$CASES"

log "measuring: $ROUNDS rounds, $VALUES values per filter"
mapfile -t names < <(cut -d'|' -f1 "$CASES" | awk '!seen[$0]++')
for ((round = 1; round <= ROUNDS; round++)); do
  for name in "${names[@]}"; do
    grep -F "$name|" "$CASES" | while IFS='|' read -r _ query _; do server_ms "$query"; done |
      median >>"$WORK/server.$(echo "$name" | md5sum | cut -c1-8)"
    { echo '\timing on'; echo '\o /dev/null'
      grep -F "$name|" "$CASES" | while IFS='|' read -r _ _ where; do page_sql "$where"; done
    } >"$WORK/round.sql"
    psql_bench -f "$WORK/round.sql" | awk '/^Time:/ {print $2}' |
      median >>"$WORK/sql.$(echo "$name" | md5sum | cut -c1-8)"
  done
done

# The naive deep page: OFFSET to the same clients the deep cursors start after.
log "measuring deep pages by OFFSET (naive)"
{ echo '\timing on'; echo '\o /dev/null'
  for id in $(values_of "${deep[@]}"); do
    offset=$(psql_bench -At -c "select count(*) from fleet_clients where product = '$PRODUCT' and client_id <= '$id'")
    echo "$COLUMNS_SQL where f.product = '$PRODUCT' order by f.client_id, f.product offset $offset limit 51;"
  done
} >"$WORK/offset.sql"
for ((round = 1; round <= ROUNDS; round++)); do
  psql_bench -f "$WORK/offset.sql" | awk '/^Time:/ {print $2}' | median >>"$WORK/offset.times"
done

log "measuring the summary of product $PRODUCT"
for ((round = 1; round <= ROUNDS; round++)); do
  curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN_TOKEN" \
    "http://127.0.0.1:$SERVER_PORT/api/v1/admin/fleet/summary?product=$PRODUCT" |
    awk '{printf "%.3f\n", $1 * 1000}' >>"$WORK/summary.server"
  { echo '\timing on'; echo '\o /dev/null'
    echo "select product, channel, version, fresh, count(*) from (select product, channel, version, case when last_seen >= '$STALE_BEFORE' then 1 else 0 end as fresh from fleet_clients where product = '$PRODUCT') t group by product, channel, version, fresh;"
  } | psql_bench -f - | awk '/^Time:/ {print $2}' >>"$WORK/summary.sql"
done

printf '\n%-38s %12s %12s %8s\n' "GET /api/v1/admin/fleet ($CLIENTS clients)" "server ms" "raw SQL ms" "ratio"
for name in "${names[@]}"; do
  key=$(echo "$name" | md5sum | cut -c1-8)
  s=$(median <"$WORK/server.$key")
  q=$(median <"$WORK/sql.$key")
  awk -v n="$name" -v s="$s" -v q="$q" 'BEGIN {printf "%-38s %12.2f %12.2f %7.1fx\n", n, s, q, s / q}'
done
awk -v o="$(median <"$WORK/offset.times")" 'BEGIN {printf "%-38s %12s %12.2f\n", "deep page, OFFSET instead (naive)", "-", o}'
awk -v s="$(median <"$WORK/summary.server")" -v q="$(median <"$WORK/summary.sql")" \
  'BEGIN {printf "%-38s %12.2f %12.2f %7.1fx\n", "summary of one product", s, q, s / q}'
echo "(medians of $ROUNDS rounds, each the median over $VALUES filter values; 50 clients a page, with each"
echo " client's last report; raw SQL = the same page query in psql; $(nproc) cores shared by curl, psql,"
echo " the server and PostgreSQL)"
