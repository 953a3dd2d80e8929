#!/usr/bin/env bash
# Starts the browser host: Playwright's server, which launches a sandboxed Chromium for each
# connection of a capture-worker's browser slot. It runs as its own user (BROWSER_USER, created
# when missing) with a minimal environment, so that a page that exploits Chromium finds no
# credential, cannot read the worker's /proc/<pid>/environ, files or temp directory, and its
# renderers run in their own user and PID namespaces (docs/security.md, "The browser").
#
# Environment:
#   BROWSER_HOST_PORT    the port on 127.0.0.1 (required)
#   BROWSER_HOST_TOKEN   the endpoint's secret path (required); the worker connects to
#                        ws://127.0.0.1:$BROWSER_HOST_PORT/$BROWSER_HOST_TOKEN. It reaches the
#                        server through its environment, never its command line.
#   BROWSER_USER         the user the browser runs as (screenshots-browser); switching needs root.
#                        Not root, the host runs as the caller's user, with a warning: the worker's
#                        isolation test fails then.
#   BROWSER_HOST_DRIVER  Playwright's driver (node and package/), default
#                        capture-worker/target/playwright-driver, which the build makes
#   BROWSER_HOST_WATCH_PID  stop when this process is gone (the tests' JVM)
# The host stops with SIGTERM or SIGINT; a Chromium whose host is gone exits with it (its pipe closes).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

: "${BROWSER_HOST_PORT:?set BROWSER_HOST_PORT}"
: "${BROWSER_HOST_TOKEN:?set BROWSER_HOST_TOKEN}"
BROWSER_USER="${BROWSER_USER:-screenshots-browser}"
DRIVER="${BROWSER_HOST_DRIVER:-$ROOT/capture-worker/target/playwright-driver}"
[ -x "$DRIVER/node" ] && [ -f "$DRIVER/package/cli.js" ] \
  || die "no Playwright driver in $DRIVER: build the worker first (./mvnw -pl capture-worker -am package -DskipTests)"

# The host's home and temp directory: private to the browser user, removed when the host stops.
# Chromium's profile, cache and downloads of every browser the host launches live under it.
HOME_DIR="$(mktemp -d /tmp/screenshots-browser.XXXXXX)"
mkdir -p "$HOME_DIR/tmp"
cleanup() { rm -rf "$HOME_DIR"; }

RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  id -u "$BROWSER_USER" >/dev/null 2>&1 \
    || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$BROWSER_USER"
  chown -R "$BROWSER_USER:" "$HOME_DIR"
  RUN_AS=(setpriv --reuid="$BROWSER_USER" --regid="$BROWSER_USER" --clear-groups --inh-caps=-all --no-new-privs)
elif [ "$(id -un)" != "$BROWSER_USER" ]; then
  # (a container started as the browser user, as the pod's browser container is, is fine)
  printf '\033[33mWARNING: not root, so the browser host runs as %s, the same user as whatever starts it here\033[0m\n' \
    "$(id -un)" >&2
fi
chmod 700 "$HOME_DIR"

# Only what Chromium needs: no service URL, no credential, nothing else of the caller's environment.
# The token goes through the environment to a preload that hands it to the server as its --path.
# --optimize-for-size: V8 trades some speed for memory, among others with 1 MiB young-generation
# semi-spaces whatever --max-semi-space-size says (16 by default). The server relays short-lived
# messages; in four runs in turns the worker tree's PSS at P=2 was 7-9 MiB smaller on the simple
# page, 61-91 on the heavy one and 1-27 on the long one, for 23-39 ms more of the server's CPU per
# heavy or long capture (measured with --max-semi-space-size=4 beside it; docs/performance.md,
# "Node's --optimize-for-size for the host's server"). Node refuses it in NODE_OPTIONS: a worker
# without a host gives its own drivers --max-semi-space-size=4 there
# (BrowserSlot.DRIVER_NODE_OPTIONS).
"${RUN_AS[@]}" env -i HOME="$HOME_DIR" TMPDIR="$HOME_DIR/tmp" PATH=/usr/bin:/bin LANG=C.UTF-8 \
  XDG_CONFIG_HOME="$HOME_DIR/.config" XDG_CACHE_HOME="$HOME_DIR/.cache" \
  BROWSER_HOST_TOKEN="$BROWSER_HOST_TOKEN" \
  "$DRIVER/node" --optimize-for-size --require "$ROOT/scripts/browser-host-preload.js" "$DRIVER/package/cli.js" \
  run-server --host 127.0.0.1 --port "$BROWSER_HOST_PORT" --unsafe &
HOST_PID=$!
# Playwright's server answers SIGTERM by closing its browsers and staying up, SIGINT by closing them
# and exiting; a server that does not exit within 10 s is killed.
stop_host() {
  kill -INT "$HOST_PID" 2>/dev/null || true
  ( sleep 10; kill -KILL "$HOST_PID" 2>/dev/null || true ) &
}
trap stop_host INT TERM
if [ -n "${BROWSER_HOST_WATCH_PID:-}" ]; then
  ( while kill -0 "$BROWSER_HOST_WATCH_PID" 2>/dev/null && kill -0 "$HOST_PID" 2>/dev/null; do sleep 1; done
    # only for the watched process: a server that ended on its own needs no stopping (and its
    # pid, killed 10 s later, could by then be another process's)
    if ! kill -0 "$BROWSER_HOST_WATCH_PID" 2>/dev/null; then stop_host; fi ) &
fi
status=0
wait "$HOST_PID" || status=$?
# a trapped signal interrupts the first wait; wait for the host itself to finish
while kill -0 "$HOST_PID" 2>/dev/null; do wait "$HOST_PID" || status=$?; done
cleanup
exit "$status"
