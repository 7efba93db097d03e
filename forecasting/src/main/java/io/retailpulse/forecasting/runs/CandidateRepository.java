package io.retailpulse.forecasting.runs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidates' backtest errors of a run ({@code forecast_candidate}, written with the pairs' forecasts by
 * {@link ForecastRepository}), summed up per candidate for {@code GET /api/v1/forecast-runs/{id}}.
 */
@ApplicationScoped
public class CandidateRepository {
    private static final String PER_CANDIDATE = """
            SELECT candidate, backtest, COUNT(*) AS pairs, AVG(mase) AS mase, AVG(smape) AS smape,
                   SUM(chosen) AS chosen
            FROM forecast_candidate WHERE run_id = ?
            GROUP BY candidate, backtest""";

    /** Per pair, the single candidates with the lowest MASE (ties: each of them); auto's combination left out. */
    private static final String LOWEST = """
            SELECT c.candidate, COUNT(*) AS pairs
            FROM forecast_candidate c
            JOIN (SELECT store_id, product_id, MIN(mase) AS m FROM forecast_candidate
                  WHERE run_id = ? AND candidate <> 'combination' GROUP BY store_id, product_id) b
              ON b.store_id = c.store_id AND b.product_id = c.product_id AND c.mase = b.m
            WHERE c.run_id = ? AND c.candidate <> 'combination'
            GROUP BY c.candidate""";

    private static final String PAIRS =
            "SELECT COUNT(DISTINCT store_id, product_id) AS pairs FROM forecast_candidate WHERE run_id = ?";

    private final Pool pool;

    public CandidateRepository(Pool pool) {
        this.pool = pool;
    }

    /** One row per candidate (and kind of backtest), the lowest mean MASE first. */
    public Uni<Summary> summary(long runId) {
        return pool.preparedQuery(PAIRS)
                .execute(Tuple.of(runId))
                .chain(pairs -> pool.preparedQuery(LOWEST)
                        .execute(Tuple.of(runId, runId))
                        .chain(lowest -> pool.preparedQuery(PER_CANDIDATE)
                                .execute(Tuple.of(runId))
                                .map(rows -> {
                                    Map<String, Integer> lowestPerCandidate = new HashMap<>();
                                    for (Row r : lowest) {
                                        lowestPerCandidate.put(r.getString("candidate"), r.getInteger("pairs"));
                                    }
                                    List<RunView.CandidateError> out = new ArrayList<>();
                                    for (Row r : rows) {
                                        String name = r.getString("candidate");
                                        Number chosen = (Number) r.getValue("chosen");
                                        out.add(new RunView.CandidateError(
                                                name,
                                                r.getString("backtest"),
                                                r.getInteger("pairs"),
                                                r.getDouble("mase"),
                                                r.getDouble("smape"),
                                                chosen == null ? 0 : chosen.intValue(),
                                                name.equals("combination")
                                                        ? null
                                                        : lowestPerCandidate.getOrDefault(name, 0)));
                                    }
                                    out.sort(RunView.CandidateError.BY_MASE);
                                    Row p = pairs.iterator().next();
                                    return new Summary(p.getInteger("pairs"), out);
                                })));
    }

    /** Pairs with candidates, and the candidates' errors. */
    public record Summary(int pairs, List<RunView.CandidateError> candidates) {}
}
