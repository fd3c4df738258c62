#!/usr/bin/env bash
# Publishes one build in one command: checks everything it can locally, creates (or continues) the
# draft, uploads every component that has no external URL and is not stored yet, and puts the
# release on the channel its manifest names (the server signs it).
#
#   OPENUPDATE_URL=https://updates.example.com OPENUPDATE_TOKEN=<publisher token> \
#     publish.sh manifest.json stable backend=build/backend.tar.gz frontend=build/frontend.tar.gz
#
# Optional: OPENUPDATE_SIGNATURE=manifest.json.asc attaches a detached signature made offline with
# gpg instead of letting the server sign; OPENUPDATE_ROLLOUT_PLAN='{"stages":[...]}' stages the rollout.
#
# Safe to run again after any failure: nothing is created before the local checks pass (files exist,
# sizes and SHA-256 match the manifest, the channel is the manifest's and exists on the server); a
# draft of the same manifest bytes is continued, a draft of other bytes is replaced, and a release
# already published on the channel with the same bytes counts as done. A published release is never
# changed. Needs bash, curl, jq and sha256sum.
set -euo pipefail

usage() {
  echo "usage: OPENUPDATE_URL=... OPENUPDATE_TOKEN=... $0 <manifest.json> <channel> [component=file ...]" >&2
  exit 2
}
fail() {
  echo "publish.sh: $*" >&2
  exit 2
}

[ $# -ge 2 ] || usage
: "${OPENUPDATE_URL:?set OPENUPDATE_URL to the server, e.g. http://127.0.0.1:8080}"
: "${OPENUPDATE_TOKEN:?set OPENUPDATE_TOKEN to a publisher or admin API token}"
for tool in curl jq sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is required but not installed"
done
manifest=$1
channel=$2
shift 2
[ -f "$manifest" ] || fail "manifest not found: $manifest"
[ -r "$manifest" ] || fail "manifest not readable: $manifest"
jq -e 'type == "object"' "$manifest" >/dev/null 2>&1 || fail "$manifest is not a JSON object"

# Top-level fields only: a component's own "version" is never taken for the release's.
top() { jq -r --arg f "$1" '.[$f] // empty | strings' "$manifest"; }
product=$(top product)
version=$(top version)
named_channel=$(top channel)
[ -n "$product" ] || fail "$manifest has no top-level \"product\""
[ -n "$version" ] || fail "$manifest has no top-level \"version\""
if [ "$named_channel" != "$channel" ]; then
  fail "$manifest names channel '${named_channel}', not '${channel}': publish it to '${named_channel}'," \
    "then promote it (POST .../promote) if another channel is meant"
fi
manifest_sha=$(sha256sum "$manifest" | cut -d' ' -f1)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
size_of() { wc -c <"$1" | tr -d ' '; }

# Every component=file pair must name a manifest component without URL, with matching size and hash.
declare -A files=()
for pair in "$@"; do
  [[ "$pair" == *=* ]] || fail "expected component=file, was '$pair'"
  component=${pair%%=*}
  file=${pair#*=}
  jq -e --arg c "$component" '.components | has($c)' "$manifest" >/dev/null 2>&1 ||
    fail "component '$component' is not in $manifest (it has: $(jq -r '.components | keys | join(", ")' "$manifest"))"
  [ -z "$(jq -r --arg c "$component" '.components[$c].url // empty' "$manifest")" ] ||
    fail "component '$component' has an external url in $manifest; nothing to upload"
  [ -f "$file" ] || fail "artifact of '$component' not found: $file"
  expected_size=$(jq -r --arg c "$component" '.components[$c].size' "$manifest")
  expected_sha=$(jq -r --arg c "$component" '.components[$c].sha256 | ascii_downcase' "$manifest")
  actual_size=$(size_of "$file")
  [ "$actual_size" = "$expected_size" ] ||
    fail "$file is $actual_size bytes; the manifest says components.$component.size is $expected_size"
  actual_sha=$(sha256_of "$file")
  [ "$actual_sha" = "$expected_sha" ] ||
    fail "$file has SHA-256 $actual_sha; the manifest says components.$component.sha256 is $expected_sha"
  files[$component]=$file
done
while IFS= read -r component; do
  [ -n "${files[$component]:-}" ] ||
    fail "component '$component' has no url in $manifest; pass it as $component=<file>"
done < <(jq -r '.components // {} | to_entries[] | select(.value.url == null) | .key' "$manifest")
if [ -n "${OPENUPDATE_SIGNATURE:-}" ]; then
  [ -f "$OPENUPDATE_SIGNATURE" ] || fail "signature not found: $OPENUPDATE_SIGNATURE"
fi
plan=${OPENUPDATE_ROLLOUT_PLAN:-}
if [ -n "$plan" ]; then
  jq -e 'type == "object"' <<<"$plan" >/dev/null 2>&1 || fail "OPENUPDATE_ROLLOUT_PLAN is not a JSON object"
fi

# Calls the API: prints the body; on an error answer (problem+json) fails with it on stderr, unless
# the status is one the caller accepts (then prints "HTTP <status>" instead of the body).
api() {
  local method=$1 path=$2 accept=$3
  shift 3
  local body status
  body=$(mktemp)
  status=$(curl -sS --connect-timeout 10 -o "$body" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer ${OPENUPDATE_TOKEN}" "$@" "${OPENUPDATE_URL%/}${path}") || {
    rm -f "$body"
    echo "$method $path: the server at ${OPENUPDATE_URL} cannot be reached" >&2
    exit 1
  }
  if [ "$status" = "$accept" ]; then
    echo "HTTP $status"
  elif [ "$status" -ge 300 ]; then
    echo "$method $path failed with HTTP $status:" >&2
    cat "$body" >&2
    echo >&2
    rm -f "$body"
    exit 1
  else
    cat "$body"
  fi
  rm -f "$body"
}

uri() { jq -rn --arg s "$1" '$s | @uri'; }
release="/api/v1/admin/releases/$(uri "$product")/$(uri "$version")"
api GET "/api/v1/admin/channels/$(uri "$channel")" none >/dev/null

existing=$(api GET "$release" 404)
if [ "$existing" != "HTTP 404" ]; then
  state=$(jq -r .state <<<"$existing")
  same_bytes=$(jq -r --arg sha "$manifest_sha" '.manifestSha256 == $sha' <<<"$existing")
  if [ "$state" = draft ] && [ "$same_bytes" = true ]; then
    echo "continuing draft ${product} ${version}" >&2
  elif [ "$state" = draft ]; then
    echo "replacing draft ${product} ${version} (its manifest bytes differ from $manifest)" >&2
    api DELETE "$release" none >/dev/null
    existing="HTTP 404"
  elif [ "$same_bytes" = true ] &&
    jq -e --arg ch "$channel" '[.publications[] | select(.channel == $ch and .pulledAt == null)] | length > 0' \
      <<<"$existing" >/dev/null; then
    echo "${product} ${version} is already published on ${channel} with these manifest bytes; nothing to do" >&2
    echo "$existing"
    exit 0
  else
    echo "${product} ${version} is already ${state} and a published release never changes: publish a new version" >&2
    exit 1
  fi
fi
if [ "$existing" = "HTTP 404" ]; then
  echo "creating draft ${product} ${version}" >&2
  existing=$(api POST /api/v1/admin/releases none -H 'Content-Type: application/json' --data-binary "@${manifest}")
fi

for component in "${!files[@]}"; do
  if jq -e --arg c "$component" '.artifacts[] | select(.component == $c) | .available' \
    <<<"$existing" >/dev/null; then
    echo "component ${component} already uploaded" >&2
    continue
  fi
  echo "uploading ${component} from ${files[$component]}" >&2
  api PUT "${release}/artifacts/$(uri "$component")" none -H 'Content-Type: application/octet-stream' \
    -H 'Expect:' -T "${files[$component]}" >/dev/null
done

if [ -n "${OPENUPDATE_SIGNATURE:-}" ]; then
  echo "attaching offline signature ${OPENUPDATE_SIGNATURE}" >&2
  api PUT "${release}/signature" none -H 'Content-Type: application/pgp-signature' \
    --data-binary "@${OPENUPDATE_SIGNATURE}" >/dev/null
fi

echo "publishing to ${channel}" >&2
api POST "${release}/publish" none -H 'Content-Type: application/json' \
  --data-binary "$(jq -cn --arg ch "$channel" --argjson plan "${plan:-null}" \
    '{channel: $ch} + (if $plan == null then {} else {rolloutPlan: $plan} end)')"
echo
