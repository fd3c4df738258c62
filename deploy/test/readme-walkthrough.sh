#!/usr/bin/env bash
# A new user's first hour, as the READMEs write it: clones the repository afresh into a temporary
# folder and runs the commands of every code block marked `<!-- walkthrough ... -->` in README.md, then
# in update-client/README.md, in order, from the clone's root, with nothing set that the READMEs do not
# set: every block (the start command too) runs with only a login shell's variables (PATH, HOME, ...;
# see CLEAN_ENV), so no OPENUPDATE_*, QUARKUS_* or CI that the caller exports reaches them. A changed
# README is what gets tested.
#
#   deploy/test/readme-walkthrough.sh            # clones this repository's committed HEAD
#
# Marks: `<!-- walkthrough: start -->` is the server's start command, run in the background (its log
# is what a user reads); `<!-- walkthrough: token -->` is run with the admin token read from that log
# in place of `ou_...`, as a user pastes it; `<!-- walkthrough -->` blocks run in one bash session, so
# what one exports the next sees. The server must answer on the README's address (127.0.0.1:8080).
# Ends with the installed application run and its output checked. Takes about 2-3 minutes (a build).
set -euo pipefail
SCRIPT_NAME=readme-walkthrough
source "$(dirname "$0")/lib.sh"
REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
ADDRESS=http://127.0.0.1:8080

SERVER_PGID=""
stop_server() {
  if [[ -n "$SERVER_PGID" ]]; then
    kill -- "-$SERVER_PGID" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 -- "-$SERVER_PGID" 2>/dev/null || break
      sleep 1
    done
    kill -9 -- "-$SERVER_PGID" 2>/dev/null || true
    SERVER_PGID=""
  fi
}
trap 'stop_server; cleanup' EXIT

# What a new user's shell has, and nothing of the caller's configuration: CI exports CI=true (which
# changes what tests and the server do) and scripts export OPENUPDATE_DATA_DIR and the like. The proxy
# and JAVA_HOME variables describe the machine, not the project, and are kept when set.
CLEAN_ENV=(env -i)
for name in PATH HOME USER LOGNAME SHELL LANG LC_ALL TERM TMPDIR JAVA_HOME \
  http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  if [[ -v $name ]]; then CLEAN_ENV+=("$name=${!name}"); fi
done
if "${CLEAN_ENV[@]}" env | grep -E '^(OPENUPDATE_|QUARKUS_|UPDATE_CLIENT_|CI=)'; then
  fail "the environment the README's commands run in still carries the variables above"
fi

# blocks FILE: prints each marked bash block as "### <mark>" followed by its lines.
blocks() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for mark, body in re.findall(r"<!-- walkthrough(?::\s*([\w-]+))? -->\s*\n```bash\n(.*?)```", text, re.S):
    print("### " + (mark or "run"))
    print(body, end="")
PY
}

step "fresh clone of $REPO (committed HEAD)"
git clone --quiet "$REPO" "$WORK/openupdate"
cd "$WORK/openupdate"
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  fail "something already listens on 127.0.0.1:8080, where the README starts the server"
fi

{ blocks README.md; blocks update-client/README.md; } >"$WORK/blocks.txt"
grep -q '^### start$' "$WORK/blocks.txt" || fail "README.md has no block marked walkthrough: start"
grep -q '^### token$' "$WORK/blocks.txt" || fail "README.md has no block marked walkthrough: token"

# Split into the start command, the token command and the rest, keeping the READMEs' order.
awk -v dir="$WORK" '
  /^### / { n++; mark = substr($0, 5); file = sprintf("%s/block-%02d-%s.sh", dir, n, mark); next }
  { print > file }
' "$WORK/blocks.txt"

start_block=$(ls "$WORK"/block-*-start.sh)
step "start (README.md): $(cat "$start_block")"
setsid "${CLEAN_ENV[@]}" bash -euo pipefail "$start_block" >"$WORK/server.log" 2>&1 &
SERVER_PGID=$!

step "wait until ready (the build comes first)"
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$ADDRESS/q/health/ready" 2>/dev/null && break
  kill -0 "$SERVER_PGID" 2>/dev/null || { cat "$WORK/server.log" >&2; fail "the start command ended"; }
  sleep 1
done
curl -fsS -o /dev/null "$ADDRESS/q/health/ready" || { tail -50 "$WORK/server.log" >&2; fail "not ready after 10 minutes"; }
# The two warnings the README documents, and no other.
if grep -E '^\S+ WARN ' "$WORK/server.log" | grep -v "Created admin token" |
  grep -v "Signing with the unprotected development key"; then
  fail "warnings on a normal first start (above)"
fi
grep -Eq '^\S+ WARN .*Signing with the unprotected development key' "$WORK/server.log" ||
  fail "no warning that the embedded default signs with an unprotected development key"

step "the default data directory, relative to where the server was started: the clone's data/"
[[ -f data/db/openupdate.mv.db ]] ||
  fail "no H2 database at data/db/openupdate.mv.db in the fresh clone (the README's default data directory)"

step "read the admin token from the log"
token=$(grep -o "store it safely: ou_[A-Za-z0-9_-]*" "$WORK/server.log" | head -n 1 | sed 's/.*: //')
[[ -n "$token" ]] || { cat "$WORK/server.log" >&2; fail "no admin token in the server's log"; }

# One session for everything after the start, as a user's second terminal.
session="$WORK/session.sh"
echo 'set -euo pipefail' >"$session"
for block in "$WORK"/block-*.sh; do
  case "$block" in
  *-start.sh) continue ;;
  *-token.sh)
    grep -q 'ou_\.\.\.' "$block" || fail "the token block has no ou_... to put the token in"
    sed "s/ou_\.\.\./$token/g" "$block" >>"$session"
    ;;
  *) cat "$block" >>"$session" ;;
  esac
  echo "echo '--- step done: $(basename "$block")'" >>"$session"
done

step "the READMEs' commands, in order"
sed "s/$token/ou_(from the log)/g" "$session"
set +e
"${CLEAN_ENV[@]}" bash -x "$session" >"$WORK/session.log" 2>&1
status=$?
set -e
sed "s/$token/ou_(from the log)/g" "$WORK/session.log"
[[ $status -eq 0 ]] || fail "a README command failed (exit $status); see above"

step "what a user sees at the end"
grep -qx 'hello from 1.0.0' "$WORK/session.log" || fail "the installed application did not run"
grep -Eq '1\.0\.0' <("${CLEAN_ENV[@]}" java -jar update-client/target/update-client.jar status --config update-client.json) ||
  fail "the agent's status does not show 1.0.0"
echo "README walk-through passed"
