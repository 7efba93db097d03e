#!/usr/bin/env bash
# Benchmarks of the forecasting service. The model library's benches (ForecastBench, StoreItemSweep, EngineBench,
# EngineSpeedBench) live in forecasting/model; this script hands those names to forecasting/model/bench/run.sh.
#   bench/run.sh [StoreItemServiceBench]   the service path on the whole store-item data (913,000 daily totals
#                                          into MariaDB, one forecast run over REST, duration and backtest metrics)
#   bench/run.sh EngineBench ...           same as forecasting/model/bench/run.sh EngineBench ...
# Reactor build from this tree (-pl forecasting -am): works from a fresh clone, no ./mvnw install. Offline by
# default; BENCH_MAVEN_OPTS= (empty) lets Maven download on a machine that has never built the project.
# Needs the shared data beside the clone (../shared/data from the repo root). Runs from any directory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
main="${1:-StoreItemServiceBench}"
case "$main" in
    StoreItemServiceBench) ;;
    *) exec "$repo/forecasting/model/bench/run.sh" "$@" ;;
esac
cd "$repo"
exec ./mvnw -B ${BENCH_MAVEN_OPTS--o} -pl forecasting -am test -Dtest=StoreItemServiceBench -Dsurefire.failIfNoSpecifiedTests=false
