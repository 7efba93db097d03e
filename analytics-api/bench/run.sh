#!/usr/bin/env bash
# Load benchmark (not a test): GET /api/v1/forecasts for one store-product beside GET /q/health/live, both at a
# fixed rate on loopback, against the packaged analytics-api on its own MariaDB (3 runs x 500 store-products x
# 90 days of forecasts). Open loop, latency from each request's due time (coordinated-omission aware); the two
# endpoints take turns every second, so both meet the same machine.
#   bench/run.sh [rate/s=500] [seconds of each endpoint=40]
# Prints p50/p90/p99/p99.9/max per endpoint and the forecast/health ratio. Runs from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."
../mvnw -B -o -q -f ../pom.xml -pl analytics-api -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
    io.retailpulse.analytics.dashboard.bench.ForecastQueryBench "$@"
