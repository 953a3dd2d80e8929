#!/usr/bin/env bash
# The performance benchmark (docs/performance.md): the service against the raw Playwright
# limit in one run. Builds the jars, provides PostgreSQL, RabbitMQ, Chromium and wrk, and
# runs dev.screenshots.benchmark.Benchmark. Prints one table; JSON goes to benchmarks/results/.
#
#   scripts/benchmark.sh                                   # defaults: N=300, P=1,2,3, simple page
#   scripts/benchmark.sh --n=200 --pages=heavy,long --concurrency=2
#   scripts/benchmark.sh --soak-captures=5000 --n=1 --concurrency=1 --light-jobs=0 --submit-seconds=0
#   scripts/benchmark.sh --n=5 --concurrency=1 --light-jobs=40 --submit-seconds=0 \
#     '--compare-job-options={"blockAds":true}'           # what a flag adds, in pairs of jobs
#
# SKIP_BUILD=1 reuses the built jars. BENCHMARK_JAVA_OPTS go to the benchmark's JVM, e.g.
# -Dbenchmark.api.jvm=-XX:StartFlightRecording=filename=/tmp/api.jfr to profile api-service
# (benchmark.worker.jvm: the worker). BENCHMARK_API_JAR and BENCHMARK_WORKER_JAR measure other
# builds of the services (e.g. of an earlier commit, built in a git worktree) with this benchmark.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

find_java
ensure_postgres
ensure_rabbitmq
ensure_chromium
ensure_wrk

cd "$ROOT"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  say "Building (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
JAR="$(s3mock_jar)"
say "Running the benchmark"
exec java ${BENCHMARK_JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  -Dapi.jar="${BENCHMARK_API_JAR:-$ROOT/api-service/target/api-service.jar}" \
  -Dworker.jar="${BENCHMARK_WORKER_JAR:-$ROOT/capture-worker/target/capture-worker.jar}" \
  -Ds3mock.jar="$JAR" -Ds3mock.jvm="-Xmx256m" -Dtest.logs.dir="$ROOT/benchmarks/target/processes" \
  dev.screenshots.benchmark.Benchmark "$@"
