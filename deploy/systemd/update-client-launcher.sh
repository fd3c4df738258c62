#!/bin/sh
# Starts the update-client agent from $UPDATE_CLIENT_HOME/current/update-client.jar with the given
# arguments (update-client.service runs it; any supervisor that restarts it on exit will do).
#
# After a self-update the old agent has left <home>/pending (previous=, version=, timeout= lines),
# switched <home>/current to versions/<version> and exited. Then this starts the new agent and waits
# for it to write <home>/confirmed, which it does once it has completed one check. Confirmed: the
# markers go and the new agent keeps running. Not confirmed within timeout seconds (or exited
# before): it is stopped, current goes back to versions/<previous>, pending becomes <home>/failed and
# the previous agent starts, which reports the failure and does not retry that version.
set -u
home=${UPDATE_CLIENT_HOME:-/opt/openupdate/agent}
java=${JAVA:-java}

if [ ! -f "$home/pending" ]; then
  exec "$java" -jar "$home/current/update-client.jar" "$@"
fi

previous=$(sed -n 's/^previous=//p' "$home/pending")
timeout=$(sed -n 's/^timeout=//p' "$home/pending")
case "$previous" in
  '' | .* | *[!0-9A-Za-z.+-]*)
    echo "update-client-launcher: $home/pending names no usable previous version" >&2
    exit 1
    ;;
esac
case "$timeout" in
  '' | *[!0-9]*) timeout=300 ;;
esac

rm -f "$home/confirmed"
"$java" -jar "$home/current/update-client.jar" "$@" &
agent=$!
# Stopping the service stops the agent; pending stays, so the next start waits for it again.
trap 'kill -TERM "$agent" 2>/dev/null; wait "$agent"; exit 143' TERM INT

waited=0
while [ ! -f "$home/confirmed" ] && kill -0 "$agent" 2>/dev/null && [ "$waited" -lt "$timeout" ]; do
  sleep 1
  waited=$((waited + 1))
done

if [ -f "$home/confirmed" ]; then
  rm -f "$home/pending" "$home/confirmed"
  wait "$agent"
  exit $?
fi

kill -TERM "$agent" 2>/dev/null
wait "$agent"
echo "update-client-launcher: the new agent did not confirm itself within $timeout s;" \
  "going back to $previous" >&2
ln -sfn "versions/$previous" "$home/current"
mv -f "$home/pending" "$home/failed"
exec "$java" -jar "$home/versions/$previous/update-client.jar" "$@"
