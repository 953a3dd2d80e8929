#!/usr/bin/env bash
# Runs every test: unit, slice, integration and end-to-end, against real PostgreSQL, RabbitMQ,
# S3 (an S3Mock process the tests start) and Chromium. Provides what is missing first.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl capture-worker
# On a slow machine, let the tests wait longer for outcomes: TEST_TIMEOUT_FACTOR=3 scripts/test.sh
# The last stage of api-service's integration tests (ServerRestartIntegrationTests) stops and
# starts this machine's PostgreSQL and RabbitMQ while jobs flow; nothing else runs meanwhile.
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
say "Running ./mvnw verify (test timeout factor ${TEST_TIMEOUT_FACTOR:-1})"
exec ./mvnw -B verify -Dtest.timeout.factor="${TEST_TIMEOUT_FACTOR:-1}" "$@"
