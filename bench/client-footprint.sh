#!/usr/bin/env bash
# Footprint of the update agent, printed beside references (issue 5, "Footprint"):
#   1. size of the one runnable jar (target: <= 6 MB)
#   2. peak RSS while the agent downloads and verifies a 1 GB artifact with -Xmx32m from a local
#      HTTP server (python3 -m http.server serving the contract's paths as static files)
#   3. SHA-256 throughput of the agent's verification code vs sha256sum on the same file (target
#      ratio >= 0.9)
# Usage: bench/client-footprint.sh [--smoke]   (--smoke: a 50 MB artifact, for CI)
# Needs: java 17+, python3, sha256sum, /usr/bin/time (GNU time). Build the jar first:
#   ./mvnw -B -pl update-client -am package -DskipTests
set -euo pipefail

SIZE_MB=1024
if [[ "${1:-}" == "--smoke" ]]; then
  SIZE_MB=50
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--smoke]" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/update-client/target/update-client.jar"
KEYS="$ROOT/update-client/src/test/resources/keys"
FINGERPRINT=923B76B73C91A5257E1404206ED835603A04B3DD
[[ -f "$JAR" ]] || { echo "missing $JAR: run ./mvnw -B -pl update-client -am package -DskipTests" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is required" >&2; exit 1; }

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== artifact: ${SIZE_MB} MB of random bytes"
ARTIFACT="$WORK/artifact.bin"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom > "$ARTIFACT"
SHA="$(sha256sum "$ARTIFACT" | cut -d' ' -f1)"
BYTES="$(stat -c %s "$ARTIFACT")"

# The contract's GET paths as static files.
WEB="$WORK/web"
mkdir -p "$WEB/api/v1/artifacts" "$WEB/api/v1/releases/bench/1.0.1" "$WEB/api/v1/updates"
ln "$ARTIFACT" "$WEB/api/v1/artifacts/$SHA"
EXPIRES="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
MANIFEST="$WEB/api/v1/releases/bench/1.0.1/manifest"
printf '{"product":"bench","version":"1.0.1","channel":"stable","releaseDate":"2026-01-01T00:00:00Z","expires":"%s","components":{"payload":{"version":"1.0.1","sha256":"%s","size":%s,"required":true}}}' \
  "$EXPIRES" "$SHA" "$BYTES" > "$MANIFEST"
java -jar "$JAR" sign "$MANIFEST" --key "$KEYS/vendor-ed25519.sec.asc" -o "$MANIFEST.asc" > /dev/null
printf '{"updateAvailable":true,"version":"1.0.1","manifestUrl":"/api/v1/releases/bench/1.0.1/manifest","signatureUrl":"/api/v1/releases/bench/1.0.1/manifest.asc"}' \
  > "$WEB/api/v1/updates/check"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WEB" > "$WORK/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$PORT/api/v1/updates/check" > /dev/null 2>&1 && break
  sleep 0.1
done

cp "$KEYS/vendor-ed25519.pub.asc" "$WORK/vendor.pub.asc"
cat > "$WORK/config.json" <<JSON
{
  "serverUrl": "http://127.0.0.1:$PORT",
  "product": "bench",
  "installDir": "install",
  "stateDir": "state",
  "platform": "bare-metal",
  "trust": {"keys": ["vendor.pub.asc"], "fingerprints": ["$FINGERPRINT"]}
}
JSON

echo "== 1. jar size"
JAR_BYTES="$(stat -c %s "$JAR")"
printf 'jar size:          %d bytes (%.2f MB; target <= 6 MB)\n' "$JAR_BYTES" "$(echo "$JAR_BYTES / 1000000" | bc -l)"

echo "== 2. peak RSS: check + verify manifest + download and verify ${SIZE_MB} MB with -Xmx32m"
set +e
/usr/bin/time -v java -Xmx32m -jar "$JAR" run --once -c "$WORK/config.json" > "$WORK/run.out" 2> "$WORK/run.err"
RC=$?
set -e
if [[ $RC -ne 0 ]] || [[ ! -f "$WORK/state/downloads/$SHA" ]]; then
  echo "agent run failed (exit $RC):" >&2
  cat "$WORK/run.out" "$WORK/run.err" >&2
  exit 1
fi
RSS_KB="$(grep 'Maximum resident set size' "$WORK/run.err" | awk '{print $NF}')"
WALL="$(grep 'Elapsed (wall clock)' "$WORK/run.err" | awk '{print $NF}')"
grep -E '^available' "$WORK/run.out" || true
printf 'peak RSS:          %d KB (%.1f MB), wall %s, heap limit 32 MB\n' "$RSS_KB" "$(echo "$RSS_KB / 1024" | bc -l)" "$WALL"

echo "== 3. SHA-256 throughput on the same file (best of 3, warm page cache)"
best_agent=0
best_ref=0
for _ in 1 2 3; do
  agent="$(java -Xmx32m -jar "$JAR" sha256 "$ARTIFACT" 2>&1 >/dev/null | sed -E 's/.*: ([0-9.]+) MB\/s/\1/')"
  start="$(date +%s.%N)"
  sha256sum "$ARTIFACT" > /dev/null
  end="$(date +%s.%N)"
  ref="$(echo "$BYTES / 1000000 / ($end - $start)" | bc -l)"
  best_agent="$(echo "if ($agent > $best_agent) $agent else $best_agent" | bc -l)"
  best_ref="$(echo "if ($ref > $best_ref) $ref else $best_ref" | bc -l)"
done
printf 'agent SHA-256:     %.1f MB/s (update-client sha256, same code as download verification)\n' "$best_agent"
printf 'sha256sum:         %.1f MB/s\n' "$best_ref"
printf 'ratio:             %.2f (target >= 0.90)\n' "$(echo "$best_agent / $best_ref" | bc -l)"
