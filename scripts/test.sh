#!/usr/bin/env bash
# Runs every test: unit, slice, integration and end-to-end, against real PostgreSQL, RabbitMQ,
# S3 (an S3Mock process the tests start) and Chromium. Provides what is missing first.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl capture-worker
set -euo pipefail
source "$(dirname "$0")/lib.sh"

find_java
ensure_postgres
ensure_rabbitmq
ensure_chromium
ensure_prometheus
ensure_wrk
ensure_spectral
ensure_python

cd "$ROOT"
say "Running ./mvnw verify"
exec ./mvnw -B verify "$@"
