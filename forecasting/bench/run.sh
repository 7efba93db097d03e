#!/usr/bin/env bash
# Benchmarks and measurements (not tests), on the test classpath after an offline test-compile:
#   bench/run.sh                      ForecastBench: fit + 30-day predict with intervals, 500 store-item series,
#                                     one core and two, beside seasonal naive
#   bench/run.sh StoreItemSweep CFG.. SMAPE / coverage of model configurations on the store-item hold-out
#   bench/run.sh EngineBench [m3|tourism|walmart].. sMAPE / MASE of naive, snaive, ETS, Theta, ensemble and auto on
#                                     M3, tourism and Walmart weekly, published baselines in the same rows
#   bench/run.sh EngineSpeedBench     CPU time of auto vs the Prophet-like fit (730-day daily, 2,000-point weekly)
# Needs ../shared/data (or BENCH_OPTS=-Dpulse.shared.data=/path). Runs from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."
main="${1:-ForecastBench}"
shift || true
../mvnw -B -o -q -f ../pom.xml -pl forecasting test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
    "io.retailpulse.forecasting.bench.${main}" "$@"
