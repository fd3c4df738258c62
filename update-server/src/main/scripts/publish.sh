#!/usr/bin/env bash
# Publishes one build in one command: creates the draft from the manifest, uploads every component
# that has no external URL, and puts the release on a channel (the server signs it).
#
#   OPENUPDATE_URL=https://updates.example.com OPENUPDATE_TOKEN=<publisher token> \
#     publish.sh manifest.json stable backend=build/backend.tar.gz frontend=build/frontend.tar.gz
#
# Optional: OPENUPDATE_SIGNATURE=manifest.json.asc attaches a detached signature made offline with
# gpg instead of letting the server sign; OPENUPDATE_ROLLOUT_PLAN='{"stages":[...]}' stages the rollout.
set -euo pipefail

usage() {
  echo "usage: OPENUPDATE_URL=... OPENUPDATE_TOKEN=... $0 <manifest.json> <channel> [component=file ...]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
: "${OPENUPDATE_URL:?set OPENUPDATE_URL to the server, e.g. http://127.0.0.1:8080}"
: "${OPENUPDATE_TOKEN:?set OPENUPDATE_TOKEN to a publisher or admin API token}"
manifest=$1
channel=$2
shift 2
[ -f "$manifest" ] || { echo "manifest not found: $manifest" >&2; exit 2; }

# Calls the API; prints the body, and on an error answer (problem+json) fails with it on stderr.
api() {
  local method=$1 path=$2
  shift 2
  local body status
  body=$(mktemp)
  status=$(curl -sS -o "$body" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer ${OPENUPDATE_TOKEN}" "$@" "${OPENUPDATE_URL%/}${path}")
  if [ "$status" -ge 300 ]; then
    echo "$method $path failed with HTTP $status:" >&2
    cat "$body" >&2
    echo >&2
    rm -f "$body"
    exit 1
  fi
  cat "$body"
  rm -f "$body"
}

# product and version from the manifest itself, so the command line cannot contradict it.
field() {
  sed -n "s/^ *\"$1\" *: *\"\([^\"]*\)\".*/\1/p" "$manifest" | head -n 1
}
product=$(field product)
version=$(field version)
[ -n "$product" ] && [ -n "$version" ] || { echo "cannot read product/version from $manifest" >&2; exit 2; }
release="/api/v1/admin/releases/${product}/${version}"

echo "creating draft ${product} ${version}" >&2
api POST /api/v1/admin/releases -H 'Content-Type: application/json' --data-binary "@${manifest}" >/dev/null

for pair in "$@"; do
  component=${pair%%=*}
  file=${pair#*=}
  [ -f "$file" ] || { echo "artifact not found: $file" >&2; exit 2; }
  echo "uploading ${component} from ${file}" >&2
  api PUT "${release}/artifacts/${component}" -H 'Content-Type: application/octet-stream' -H 'Expect:' \
    -T "$file" >/dev/null
done

if [ -n "${OPENUPDATE_SIGNATURE:-}" ]; then
  echo "attaching offline signature ${OPENUPDATE_SIGNATURE}" >&2
  api PUT "${release}/signature" -H 'Content-Type: application/pgp-signature' \
    --data-binary "@${OPENUPDATE_SIGNATURE}" >/dev/null
fi

plan=${OPENUPDATE_ROLLOUT_PLAN:-}
echo "publishing to ${channel}" >&2
api POST "${release}/publish" -H 'Content-Type: application/json' \
  --data-binary "{\"channel\":\"${channel}\"${plan:+,\"rolloutPlan\":${plan}}}"
echo
