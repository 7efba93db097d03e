package io.retailpulse.analytics.forecasts;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/forecasts/models/summary}: a run's model choice over its store-products. {@code pairs}: the
 * store-products with candidate errors; {@code wins}: how many of them each model the run used forecast (e.g.
 * {@code ets+theta}, {@code snaive}, {@code prophet}); per candidate its mean errors, lowest mean MASE first.
 */
public record ModelChoice(long runId, int pairs, Map<String, Integer> wins, List<Candidate> candidates) {

    /**
     * One candidate over the run: its mean MASE and sMAPE (null where not computed) over its {@code pairs};
     * {@code chosen}: pairs whose forecast is this candidate's; {@code lowest}: pairs where it had the lowest MASE
     * of the single candidates (null for auto's {@code combination}, which is no single model).
     */
    public record Candidate(
            String candidate,
            String backtest,
            int pairs,
            Double meanMase,
            Double meanSmape,
            int chosen,
            Integer lowest) {}
}
