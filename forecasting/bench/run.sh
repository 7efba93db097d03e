#!/usr/bin/env bash
# Benchmark (not a test): fit + 30-day predict with intervals on all 500 store-item series, one core and two,
# beside seasonal naive. Needs ../shared/data (or -Dpulse.shared.data=... in BENCH_OPTS). Offline after one build.
set -euo pipefail
cd "$(dirname "$0")/.."
../mvnw -B -o -q -f ../pom.xml -pl forecasting test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
    io.retailpulse.forecasting.bench.ForecastBench
