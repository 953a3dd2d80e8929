#!/usr/bin/env bash
# The capture-worker image's entry point (docs/security.md, "The browser").
#   docker-entrypoint.sh browser-host   the browser host alone: the pod's browser container, started
#                                       as the browser user (10002) with BROWSER_HOST_PORT/_TOKEN set
#   docker-entrypoint.sh [worker]       the worker. Started as root (docker run, Compose), it starts
#                                       the browser host as "browser" (10002) with a fresh token and
#                                       runs the JVM as "app" (10001): no process stays root. Started as
#                                       another user (a pod's worker container), it runs the JVM alone
#                                       and CAPTURE_BROWSER_HOST must name the browser container's host.
set -euo pipefail
SCRIPTS=/opt/screenshots/scripts
# the worker's JVM options are in capture-worker/jvm.options (the same for the local run, the
# benchmark and the tests); the heap's ceiling is half the container's memory
JAVA=(java -XX:MaxRAMPercentage=50 @/opt/screenshots/jvm.options -jar /app/capture-worker.jar)

if [ "${1:-worker}" = browser-host ]; then
  exec "$SCRIPTS/browser-host.sh"
fi

if [ "$(id -u)" -ne 0 ]; then
  exec "${JAVA[@]}"
fi

export BROWSER_HOST_PORT="${BROWSER_HOST_PORT:-9323}"
BROWSER_HOST_TOKEN="$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
BROWSER_HOST_TOKEN="$BROWSER_HOST_TOKEN" "$SCRIPTS/browser-host.sh" &
host=$!
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$BROWSER_HOST_PORT") 2>/dev/null && break
  kill -0 "$host" 2>/dev/null || { echo "the browser host did not start" >&2; exit 1; }
  sleep 0.2
done
CAPTURE_BROWSER_HOST="ws://127.0.0.1:$BROWSER_HOST_PORT/$BROWSER_HOST_TOKEN" \
  setpriv --reuid=app --regid=app --init-groups --inh-caps=-all --no-new-privs env HOME=/home/app "${JAVA[@]}" &
worker=$!
trap 'kill -TERM "$worker" "$host" 2>/dev/null || true' INT TERM
# whichever stops first stops the other: the container ends and its restart policy applies
wait -n "$worker" "$host" || true
status=$?
kill -TERM "$worker" "$host" 2>/dev/null || true
wait "$worker" 2>/dev/null || status=$?
wait "$host" 2>/dev/null || true
exit "$status"
