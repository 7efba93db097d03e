package io.retailpulse.analytics.forecasts;

import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A row of {@code GET /api/v1/forecasts/models}: one candidate model of one store-product of a forecast run, with
 * its backtest error. {@code model} is what the run used for the pair (e.g. {@code ets+theta}); {@code chosen}
 * marks the candidate whose forecast that is ({@code combination} when auto combined two families).
 * {@code backtest}: {@code cross-validation} (auto: mean over its rolling origins; no sMAPE) or {@code holdout} (a
 * fixed model beside seasonal naive on the run's last days). {@code mase}/{@code smape} are null where not computed.
 */
public record CandidateItem(
        long runId,
        String store,
        String product,
        String model,
        String candidate,
        String backtest,
        Double mase,
        Double smape,
        boolean chosen) {

    public static final String CSV_HEADER = "runId,store,product,model,candidate,backtest,mase,smape,chosen";

    static CandidateItem of(Row r) {
        Number chosen = (Number) r.getValue("chosen");
        return new CandidateItem(
                r.getLong("run_id"),
                r.getString("store_id"),
                r.getString("product_id"),
                r.getString("model"),
                r.getString("candidate"),
                r.getString("backtest"),
                r.getDouble("mase"),
                r.getDouble("smape"),
                chosen != null && chosen.intValue() != 0);
    }

    String csv() {
        return CsvText.line(runId, store, product, model, candidate, backtest, mase, smape, chosen);
    }
}
