#!/usr/bin/env bash
# Benchmarks and measurements of the model library (not tests), on its test classpath. Works from a fresh clone:
# a reactor build of this module and what it needs (-pl forecasting/model -am), nothing from ~/.m2's
# io.retailpulse snapshots.
#   bench/run.sh                      ForecastBench: fit + 30-day predict with intervals, 500 store-item series,
#                                     one core and two, beside seasonal naive
#   bench/run.sh StoreItemSweep CFG.. SMAPE / coverage of model configurations on the store-item hold-out
#   bench/run.sh EngineBench [m3|tourism|walmart|storeitem|bike|prophet]..
#                                     sMAPE / MASE of naive, snaive, ETS, Theta, MSTL, ensemble and auto, published
#                                     baselines in the same rows
#   bench/run.sh io.retailpulse.forecasting.model.SelectionSweep FOLDS SET..
#                                     auto's selection rules scored from one backtest per series (see its comment)
#   bench/run.sh EngineSpeedBench     CPU time of auto vs the former auto rule and the Prophet-like fit, ratios
#                                     (730-day daily, 2,000-point weekly)
#   bench/run.sh BikeRollingBench     auto vs seasonal naive on bike's hourly counts at 12 forecast origins (the
#                                     official fortnight and every four weeks back): sMAPE, MASE, MAE, coverage
#   bench/run.sh RegressorBench       Walmart weekly with and without its regressors (holiday flag, temperature,
#                                     fuel price, CPI, unemployment): hold-out MASE per store and overall, auto
#                                     without regressors as the baseline in the same run
# Offline by default (everything already in ~/.m2); on a machine that has never built the project, let Maven
# download with BENCH_MAVEN_OPTS= (empty). Needs the shared data beside the clone (../shared/data from the repo
# root) or BENCH_OPTS=-Dpulse.shared.data=/path. Runs from any directory.
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$module/../.." && pwd)"
main="${1:-ForecastBench}"
shift || true
cd "$repo"
# test-compile in the reactor puts stack's classes (target/classes) on the path; build-classpath then lists them.
./mvnw -B -q ${BENCH_MAVEN_OPTS--o} -pl forecasting/model -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java ${BENCH_OPTS:-} \
    -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.cp")" \
    "$([[ "$main" == *.* ]] && echo "$main" || echo "io.retailpulse.forecasting.bench.${main}")" "$@"
