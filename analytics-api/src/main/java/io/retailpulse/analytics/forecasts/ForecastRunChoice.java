package io.retailpulse.analytics.forecasts;

import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.Runs;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;

/** The forecast run a request reads: the named one (404 unless it exists, 409 unless it succeeded), or the newest. */
final class ForecastRunChoice {
    private ForecastRunChoice() {}

    /** Null when no run has succeeded yet (and none was named). */
    static Uni<Long> resolve(Runs runs, String runIdParameter) {
        Long requested = Filters.positive("runId", runIdParameter);
        if (requested == null) {
            return runs.latestSucceededForecastRun();
        }
        return runs.forecastRun(requested).map(run -> {
            if (run == null) {
                throw new ProblemException(404, "Not Found", "forecast run " + requested + " does not exist", null);
            }
            if (!Runs.FORECAST_SUCCEEDED.equals(run.status())) {
                throw new ProblemException(
                        409, "Conflict", "forecast run " + requested + " is " + run.status() + ", not SUCCEEDED", null);
            }
            return run.id();
        });
    }
}
