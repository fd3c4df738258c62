#!/usr/bin/env bash
# Delta benchmark (issue #16): on two real release pairs, our archive-aware delta beside the byte-level
# tools on the same compressed archives, our generation time and peak memory, and the agent's apply
# time and peak memory at -Xmx32m beside the full download at 100 Mbit/s.
#
#   pair 1: this project's server distribution (update-server/target/quarkus-app, as a tar.gz) built
#           in a temporary clone before and after a change to string constants in two classes
#   pair 2: Apache Tomcat 11.0.1 -> 11.0.2 (tar.gz from Maven Central, through the Maven wrapper)
#
# Usage: bench/delta-bench.sh [--smoke]
#   --smoke: one round; pair 1 is simulated from the already built quarkus-app (one class of the
#   server jar changed, only app/ and quarkus/), pair 2 is skipped. Checks that every delta rebuilds
#   the new tree exactly; prints figures, asserts no timing.
# Needs: java, tar, xdelta3, bsdiff, zstd, GNU time (apt-get install -y xdelta3 bsdiff zstd time).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SMOKE=false
[[ "${1:-}" == "--smoke" ]] && SMOKE=true
ROUNDS=3
$SMOKE && ROUNDS=1
for tool in java tar xdelta3 bsdiff zstd unzip zip; do
  command -v "$tool" >/dev/null || { echo "delta-bench: needs $tool (apt-get install -y xdelta3 bsdiff zstd zip unzip)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "delta-bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/delta-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [[ ! -f update-server/target/quarkus-app/quarkus-run.jar || ! -f update-client/target/update-client.jar ]]; then
  ./mvnw -B -q -DskipTests package -pl update-server -am
fi
SERVER_CP="$ROOT/update-server/target/quarkus-app/app/*:$ROOT/update-server/target/quarkus-app/lib/main/*"
CLIENT_JAR="$ROOT/update-client/target/update-client.jar"

# Same names, order, times and owners in both archives: the byte-level tools get their best case.
archive() { # archive DIR OUT ENTRIES...
  local dir=$1 out=$2
  shift 2
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir" -czf "$out" "$@"
}

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# timed FILE CMD...: runs CMD, appends "seconds peak-KB" to FILE
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null
  cat "$WORK/time" >>"$out"
}

size() { stat -c %s "$1"; }

measure() { # measure NAME OLD.tar.gz NEW.tar.gz
  local name=$1 old=$2 new=$3 dir="$WORK/$1"
  mkdir -p "$dir/base" "$dir/expected"
  tar -xzf "$old" -C "$dir/base"
  tar -xzf "$new" -C "$dir/expected"
  local full
  full=$(size "$new")
  : >"$dir/gen" ; : >"$dir/apply" ; : >"$dir/xdelta-time"
  for _ in $(seq "$ROUNDS"); do
    # Interleaved: ours, the reference, ours again.
    timed "$dir/gen" java -cp "$SERVER_CP" org.openupdate.server.delta.DeltaTool "$old" "$new" "$dir/ours.delta"
    timed "$dir/xdelta-time" xdelta3 -9 -D -R -e -f -s "$old" "$new" "$dir/xdelta.delta"
    rm -rf "$dir/out"
    timed "$dir/apply" java -Xmx32m -cp "$CLIENT_JAR" org.openupdate.client.internal.install.DeltaApplier \
      "$dir/base" "$dir/ours.delta" "$dir/out"
  done
  if ! diff -r --no-dereference "$dir/expected" "$dir/out" >/dev/null; then
    echo "delta-bench: $name: the applied delta does not rebuild the new tree" >&2
    exit 1
  fi
  zstd -q -f -19 --patch-from="$old" "$new" -o "$dir/zstd.delta" 2>/dev/null
  local bsdiff_size="timed out"
  if timeout 1800 bsdiff "$old" "$new" "$dir/bsdiff.delta"; then
    bsdiff_size=$(size "$dir/bsdiff.delta")
  fi
  local ours xdelta zstd_size smallest
  ours=$(size "$dir/ours.delta")
  xdelta=$(size "$dir/xdelta.delta")
  zstd_size=$(size "$dir/zstd.delta")
  smallest=$(printf '%s\n' "$xdelta" "$zstd_size" "$bsdiff_size" | grep -E '^[0-9]+$' | sort -n | head -1)
  local gen_s gen_kb apply_s apply_kb
  gen_s=$(cut -d' ' -f1 "$dir/gen" | median)
  gen_kb=$(cut -d' ' -f2 "$dir/gen" | median)
  apply_s=$(cut -d' ' -f1 "$dir/apply" | median)
  apply_kb=$(cut -d' ' -f2 "$dir/apply" | median)
  awk -v name="$name" -v full="$full" -v ours="$ours" -v xd="$xdelta" -v bs="$bsdiff_size" -v zs="$zstd_size" \
    -v small="$smallest" -v gs="$gen_s" -v gk="$gen_kb" -v as="$apply_s" -v ak="$apply_kb" -v rounds="$ROUNDS" \
    -v pair1="$([[ $name == quarkus-app* ]] && echo 1 || echo 0)" 'BEGIN {
      download = full * 8 / 100e6
      printf "%s (median of %d)\n", name, rounds
      printf "  full component           %12d bytes\n", full
      printf "  ours                     %12d bytes  %5.1f %% of full\n", ours, 100 * ours / full
      printf "  xdelta3 -9 (raw bytes)   %12d bytes\n", xd
      printf "  bsdiff                   %12s bytes\n", bs
      printf "  zstd -19 --patch-from    %12d bytes\n", zs
      printf "  ours / smallest tool     %12.3f        target <= 0.5: %s\n", ours / small, (ours <= small / 2 ? "met" : "not met")
      if (pair1) printf "  ours / full              %12.3f        target <= 0.1: %s\n", ours / full, (ours <= full / 10 ? "met" : "not met")
      printf "  generation               %9.2f s  peak RSS %d MB\n", gs, gk / 1024
      printf "  agent apply (-Xmx32m)    %9.2f s  peak RSS %d MB\n", as, ak / 1024
      printf "  full download, 100 Mbit/s%9.2f s   apply faster: %s\n", download, (as < download ? "met" : "not met")
    }'
}

# Pair 1: the server distribution before and after a small change.
if $SMOKE; then
  mkdir -p "$WORK/qa-old" "$WORK/qa-new"
  cp -r update-server/target/quarkus-app/app update-server/target/quarkus-app/quarkus "$WORK/qa-old/"
  cp -r "$WORK/qa-old/." "$WORK/qa-new/"
  jar=$(ls "$WORK"/qa-new/app/*.jar | head -1)
  (cd "$WORK" && unzip -q -o "$jar" org/openupdate/server/delta/DeltaResource.class \
    && printf 'changed' >>org/openupdate/server/delta/DeltaResource.class \
    && zip -q "$jar" org/openupdate/server/delta/DeltaResource.class)
  archive "$WORK/qa-old" "$WORK/qa-old.tar.gz" app quarkus
  archive "$WORK/qa-new" "$WORK/qa-new.tar.gz" app quarkus
  measure "quarkus-app (simulated: one class changed)" "$WORK/qa-old.tar.gz" "$WORK/qa-new.tar.gz"
else
  git clone -q "$ROOT" "$WORK/clone"
  build() {
    (cd "$WORK/clone" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl update-server -am)
  }
  build
  archive "$WORK/clone/update-server/target" "$WORK/qa-old.tar.gz" quarkus-app
  # A few classes change: messages in the delta resource and the version filter.
  sed -i 's/no deltas to /no delta index to /' "$WORK/clone/update-server/src/main/java/org/openupdate/server/delta/DeltaResource.java"
  sed -i 's/made from %s/made from the versions %s/' "$WORK/clone/update-server/src/main/java/org/openupdate/server/delta/DeltaService.java"
  build
  archive "$WORK/clone/update-server/target" "$WORK/qa-new.tar.gz" quarkus-app
  measure "quarkus-app (two commits, 2 classes changed)" "$WORK/qa-old.tar.gz" "$WORK/qa-new.tar.gz"

  # Pair 2: two consecutive Tomcat releases.
  for v in 11.0.1 11.0.2; do
    ./mvnw -B -q dependency:copy -Dartifact="org.apache.tomcat:tomcat:$v:tar.gz" -DoutputDirectory="$WORK/tomcat"
  done
  measure "Apache Tomcat 11.0.1 -> 11.0.2" "$WORK/tomcat/tomcat-11.0.1.tar.gz" "$WORK/tomcat/tomcat-11.0.2.tar.gz"
fi
