#!/usr/bin/env bash
# Benchmarks of the forecasting service. The model library's benches (ForecastBench, StoreItemSweep, EngineBench,
# EngineSpeedBench) live in forecasting/model; this script hands those names to forecasting/model/bench/run.sh.
#   bench/run.sh [StoreItemServiceBench]   the service path on the whole store-item data (913,000 daily totals
#                                          into MariaDB, one forecast run over REST, duration and backtest metrics)
#   bench/run.sh StoreItemApiBench         issue 17 (a): the 500 store-item series one at a time through
#                                          POST /api/v1/forecast with default settings, scored on the last 90 days
#                                          of 2017 (SMAPE, MASE, cov80, cov95, ms per call)
#   bench/run.sh StoreItemPooledRunBench   issue 17 (b): one forecast run on the history to 2017-10-02, horizon 90,
#                                          scored on the last 90 days (-Dbench.pooling=top-down (default) | none,
#                                          -Dbench.model=prophet, -Dbench.level, -Dbench.weight, -Dbench.share-days)
#   bench/run.sh RunScaleBench             forecast runs spread over replicas (issue 18): 10,000 store-item-like
#                                          series (730 days), one run on 1 then on 2 replicas of the packaged
#                                          service, wall time per series beside the bare fit measured in the same
#                                          run (-Dbench.copies=20 copies of the 500 series; -Dbench.model=prophet)
#   bench/run.sh RunCostBench              the CPU time of a run's per-series work (this thread's, so independent of
#                                          the machine's load) on the 500 store-item series' last 730 days, and its
#                                          phases: backtest fit and forecast, final fit and forecast
#   bench/run.sh EngineBench ...           same as forecasting/model/bench/run.sh EngineBench ...
# Reactor build from this tree (-pl forecasting -am): works from a fresh clone, no ./mvnw install. Offline by
# default; BENCH_MAVEN_OPTS= (empty) lets Maven download on a machine that has never built the project.
# Needs the shared data beside the clone (../shared/data from the repo root). Runs from any directory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
main="${1:-StoreItemServiceBench}"
case "$main" in
    StoreItemServiceBench) ;;
    StoreItemApiBench|StoreItemPooledRunBench)
        # Issue 17's Store Item targets through the service: 500 POST /api/v1/forecast calls (ApiBench), or one
        # forecast run with history to 2017-10-02 and horizon 90 (PooledRunBench: -Dbench.pooling=top-down|none).
        shift
        cd "$repo"
        exec ./mvnw -B ${BENCH_MAVEN_OPTS--o} -pl forecasting -am test -Dtest="$main" \
            -Dsurefire.failIfNoSpecifiedTests=false "$@" ;;
    RunScaleBench)
        # Needs the packaged service (target/quarkus-app): package, then the bench in failsafe's phase.
        shift
        cd "$repo"
        exec ./mvnw -B ${BENCH_MAVEN_OPTS--o} -pl forecasting -am verify -Dtest=none -Dit.test=RunScaleBench \
            -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@" ;;
    RunCostBench)
        shift
        cd "$repo"
        exec ./mvnw -B ${BENCH_MAVEN_OPTS--o} -pl forecasting -am test -Dtest=RunCostBench \
            -Dsurefire.failIfNoSpecifiedTests=false "$@" ;;
    *) exec "$repo/forecasting/model/bench/run.sh" "$@" ;;
esac
cd "$repo"
exec ./mvnw -B ${BENCH_MAVEN_OPTS--o} -pl forecasting -am test -Dtest=StoreItemServiceBench -Dsurefire.failIfNoSpecifiedTests=false
