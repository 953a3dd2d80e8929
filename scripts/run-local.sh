#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL and RabbitMQ (used if running, else
# installed/started), an S3Mock store, api-service on :8080, one capture-worker on :8081 and the
# browser host its browsers run on (as their own user, sandboxed).
# Ctrl-C stops everything this script started. Logs: .local/logs/.
#
# Environment: API_PORT (8080), WORKER_PORT (8081), S3_PORT (9000), BROWSER_HOST_PORT (9323),
# DB_NAME (screenshots), CAPTURE_BROWSER_POOL_SIZE (2), SKIP_BUILD=1 to reuse the built jars.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

API_PORT="${API_PORT:-8080}"
WORKER_PORT="${WORKER_PORT:-8081}"
S3_PORT="${S3_PORT:-9000}"
DB_NAME="${DB_NAME:-screenshots}"
LOGS="$LOCAL_DIR/logs"
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  if [ "${#PIDS[@]}" -gt 0 ]; then
    say "Stopping (${PIDS[*]})"
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
}
trap stop_all INT TERM EXIT

for port in "$API_PORT" "$WORKER_PORT"; do
  port_open 127.0.0.1 "$port" && die "port $port is already in use (set API_PORT / WORKER_PORT)"
done

find_java
ensure_postgres
ensure_rabbitmq
ensure_chromium
mkdir -p "$LOGS"

if ! psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
  say "Creating database $DB_NAME"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME"
fi

cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f api-service/target/api-service.jar ]; then
  say "Building (./mvnw package, tests skipped; scripts/test.sh runs them)"
  ./mvnw -q -B -DskipTests package
fi

if port_open 127.0.0.1 "$S3_PORT"; then
  say "Using the S3 store already listening on 127.0.0.1:$S3_PORT"
else
  say "Starting S3Mock on 127.0.0.1:$S3_PORT"
  jar="$(s3mock_jar)"
  java -Xmx256m -jar "$jar" --http.port="$S3_PORT" --server.port=0 --server.address=127.0.0.1 \
    --com.adobe.testing.s3mock.store.root="$LOCAL_DIR/s3-data" --com.adobe.testing.s3mock.store.retain-files-on-exit=true \
    >"$LOGS/s3mock.log" 2>&1 &
  PIDS+=($!)
  wait_for_port 127.0.0.1 "$S3_PORT" 60 S3Mock
fi

# The browser host: Playwright's server as the screenshots-browser user (when this runs as root) with a
# minimal environment; the worker's browsers run there, sandboxed (docs/security.md, "The browser").
# Its token is the endpoint's secret path; like every setting below it reaches the processes through
# their environment, never their command lines, which every local user can read.
BROWSER_HOST_PORT="${BROWSER_HOST_PORT:-9323}"
port_open 127.0.0.1 "$BROWSER_HOST_PORT" && die "port $BROWSER_HOST_PORT is already in use (set BROWSER_HOST_PORT)"
BROWSER_HOST_TOKEN="$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
say "Starting the browser host on 127.0.0.1:$BROWSER_HOST_PORT (log: $LOGS/browser-host.log)"
BROWSER_HOST_PORT="$BROWSER_HOST_PORT" BROWSER_HOST_TOKEN="$BROWSER_HOST_TOKEN" \
  "$ROOT/scripts/browser-host.sh" >"$LOGS/browser-host.log" 2>&1 &
PIDS+=($!)
wait_for_port 127.0.0.1 "$BROWSER_HOST_PORT" 60 "browser host"

# Local pages on 127.0.0.1 may be captured; the database, broker, store and service ports there stay denied.
# profile local: human-readable logs (the services log JSON lines otherwise)
SETTINGS="{\"spring.datasource.url\":\"jdbc:postgresql://127.0.0.1:5432/$DB_NAME\",
  \"storage.s3.endpoint\":\"http://127.0.0.1:$S3_PORT\",\"security.url-policy.allow[0]\":\"127.0.0.1\"}"
export SPRING_PROFILES_ACTIVE=local

# A development admin key, created on first start and kept in .local/ (mode 600). It reaches the
# API through the environment, not the command line, so it does not show in ps.
KEY_FILE="$LOCAL_DIR/dev-api-key"
if [ ! -s "$KEY_FILE" ]; then
  (umask 077; printf 'ssk_%s\n' "$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)" >"$KEY_FILE")
  say "Created a development API key in $KEY_FILE"
fi
DEV_KEY="$(cat "$KEY_FILE")"

say "Starting api-service on :$API_PORT (log: $LOGS/api-service.log)"
API_KEYS_BOOTSTRAP_ADMIN_KEY="$DEV_KEY" API_KEYS_BOOTSTRAP_TENANT=dev SPRING_APPLICATION_JSON="$SETTINGS" \
  java -jar api-service/target/api-service.jar --server.port="$API_PORT" >"$LOGS/api-service.log" 2>&1 &
PIDS+=($!)
wait_for_port 127.0.0.1 "$API_PORT" 120 api-service

say "Starting capture-worker on :$WORKER_PORT (log: $LOGS/capture-worker.log)"
SPRING_APPLICATION_JSON="${SETTINGS%\}},\"capture.browser.host\":\"ws://127.0.0.1:$BROWSER_HOST_PORT/$BROWSER_HOST_TOKEN\"}" \
  java @capture-worker/jvm.options -jar capture-worker/target/capture-worker.jar --server.port="$WORKER_PORT" \
  --storage.s3.create-bucket=true >"$LOGS/capture-worker.log" 2>&1 &
PIDS+=($!)
wait_for_port 127.0.0.1 "$WORKER_PORT" 120 capture-worker

cat <<MSG

  Screenshot service is up.
    API:            http://127.0.0.1:$API_PORT/screenshots
    API metrics:    http://127.0.0.1:$API_PORT/actuator/prometheus
    Worker health:  http://127.0.0.1:$WORKER_PORT/actuator/health
    Logs:           $LOGS/

  Development API key (admin, tenant "dev"; kept in $KEY_FILE):
    $DEV_KEY

  Try it:
    export SCREENSHOTS_API_KEY=$DEV_KEY
    curl -si -X POST http://127.0.0.1:$API_PORT/screenshots \\
      -H "Authorization: Bearer \$SCREENSHOTS_API_KEY" -H 'Content-Type: application/json' \\
      -d '{"url":"https://example.com","options":{"width":1280,"height":720}}'
    curl -s -H "Authorization: Bearer \$SCREENSHOTS_API_KEY" http://127.0.0.1:$API_PORT/screenshots/<id>
    curl -s -H "Authorization: Bearer \$SCREENSHOTS_API_KEY" -o shot.png http://127.0.0.1:$API_PORT/screenshots/<id>/image
    scripts/api-key.sh create --name ci --tenant acme        # a client key for another tenant

  Press Ctrl-C to stop everything started here.

MSG

# Exit (and stop the rest) as soon as any started process dies.
wait -n "${PIDS[@]}" || true
say "A service stopped; see $LOGS/"
