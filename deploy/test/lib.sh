# Shared by the scripts in deploy/test: a work directory that goes away at exit (KEEP_WORK=1 keeps
# it), the server processes a script started (stopped at exit by PID, nothing else), and small helpers.
# Source it after `set -euo pipefail`, with SCRIPT_NAME set.

WORK=$(mktemp -d "${TMPDIR:-/tmp}/${SCRIPT_NAME}.XXXXXX")
STARTED_PIDS=()

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP_WORK:-}" == "1" ]]; then
    echo "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# Picked below the kernel's ephemeral range, so that no outgoing connection can take the port between
# this probe and the server's bind.
free_port() {
  local port low
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  for _ in $(seq 1 50); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found on 127.0.0.1"
}

# admin_call SERVER_URL METHOD PATH [curl args...]: an admin API call with $ADMIN_TOKEN that must
# answer 2xx; prints the body.
admin_call() {
  local url=$1 method=$2 path=$3 code
  shift 3
  code=$(curl -sS -o "$WORK/last-admin.json" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $ADMIN_TOKEN" "$@" "$url/api/v1/admin$path")
  [[ $code == 2?? ]] || fail "admin $method $path answered $code: $(cat "$WORK/last-admin.json")"
  cat "$WORK/last-admin.json"
}
