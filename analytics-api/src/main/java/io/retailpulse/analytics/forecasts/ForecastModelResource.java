package io.retailpulse.analytics.forecasts;

import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.KeyType;
import io.retailpulse.analytics.lists.KeysetReader;
import io.retailpulse.analytics.lists.ListParams;
import io.retailpulse.analytics.lists.Listing;
import io.retailpulse.analytics.lists.Page;
import io.retailpulse.analytics.lists.Runs;
import io.retailpulse.analytics.lists.SortKeys;
import io.retailpulse.analytics.lists.Sql;
import io.retailpulse.common.api.DatabaseGuard;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Which model each store-product's forecast came from, and every candidate's backtest error
 * ({@code api_forecast_candidate}, published by forecasting): the rows, and a run's summary.
 */
// Native image: the answers' nested records are serialised by reflection.
@io.quarkus.runtime.annotations.RegisterForReflection(
        targets = {ModelChoice.class, ModelChoice.Candidate.class, CandidateItem.class})
@Path("/api/v1/forecasts/models")
@Tag(name = "forecasts")
public class ForecastModelResource {
    /** The run leads every order, as for forecasts: a cursor keeps its run. */
    static final SortKeys SORT = SortKeys.builder()
            .leading("run_id", KeyType.LONG)
            .key("store", "store_id", KeyType.STRING)
            .key("product", "product_id", KeyType.STRING)
            .key("candidate", "candidate", KeyType.STRING)
            .unique("store_id", KeyType.STRING)
            .unique("product_id", KeyType.STRING)
            .unique("candidate", KeyType.STRING)
            .defaultSort("store,product,candidate");

    private static final Listing<CandidateItem> LIST = new Listing<>(
            SORT,
            CandidateItem::of,
            CandidateItem.CSV_HEADER,
            row -> CandidateItem.of(row).csv());

    private static final String WINS = "SELECT model, COUNT(*) AS pairs FROM api_forecast_candidate "
            + "WHERE run_id = ? AND chosen = 1 GROUP BY model";
    /**
     * Per candidate (and kind of backtest) its mean errors and, in the same row, the pairs where it had the lowest
     * MASE of the single candidates (ties: each of them; null for auto's combination, which is no single model).
     * One query over the published view; forecasting's {@code CandidateRepository} answers the same summary from
     * its own table for {@code GET /api/v1/forecast-runs/{id}}.
     */
    private static final String PER_CANDIDATE = """
            SELECT s.candidate, s.backtest, s.pairs, s.mase, s.smape, s.chosen,
                   CASE WHEN s.candidate = 'combination' THEN NULL ELSE COALESCE(l.pairs, 0) END AS lowest
            FROM (SELECT candidate, backtest, COUNT(*) AS pairs, AVG(mase) AS mase, AVG(smape) AS smape,
                         SUM(chosen) AS chosen
                  FROM api_forecast_candidate WHERE run_id = ? GROUP BY candidate, backtest) s
            LEFT JOIN (SELECT candidate, COUNT(*) AS pairs
                       FROM (SELECT candidate, mase, MIN(mase) OVER (PARTITION BY store_id, product_id) AS best
                             FROM api_forecast_candidate WHERE run_id = ? AND candidate <> 'combination') w
                       WHERE mase = best GROUP BY candidate) l
              ON l.candidate = s.candidate""";

    private static final String PAIRS =
            "SELECT COUNT(DISTINCT store_id, product_id) AS pairs FROM api_forecast_candidate WHERE run_id = ?";

    private final KeysetReader reader;
    private final Runs runs;
    private final Pool pool;
    private final DatabaseGuard guard;

    public ForecastModelResource(KeysetReader reader, Runs runs, Pool pool, DatabaseGuard guard) {
        this.reader = reader;
        this.runs = runs;
        this.pool = pool;
        this.guard = guard;
    }

    public static class Query {
        @QueryParam("runId")
        @Parameter(description = "A SUCCEEDED forecast run (default: the newest one)")
        public String runId;

        @QueryParam("store")
        @Parameter(description = "Store id (exact)")
        public String store;

        @QueryParam("product")
        @Parameter(description = "Product id (exact)")
        public String product;

        @QueryParam("candidate")
        @Parameter(
                description = "Candidate model (exact): naive, snaive, ets, theta, dotm, ensemble, mstl, "
                        + "combination, prophet")
        public String candidate;

        @QueryParam("chosen")
        @Parameter(description = "true: only the candidate each forecast came from; false: only the others")
        public String chosen;

        Sql sql(long run) {
            Sql sql = Sql.select("SELECT run_id, store_id, product_id, model, candidate, backtest, mase, smape, chosen "
                            + "FROM api_forecast_candidate")
                    .where("run_id = ?", run)
                    .filter("store_id = ?", Filters.id("store", store))
                    .filter("product_id = ?", Filters.id("product", product))
                    .filter("candidate = ?", Filters.id("candidate", candidate, 32));
            return chosen == null || chosen.isBlank()
                    ? sql
                    : sql.where("chosen = ?", Filters.flag("chosen", chosen) ? 1 : 0);
        }

        /** Checks every parameter before anything is read. */
        void validate() {
            Filters.positive("runId", runId);
            Filters.id("store", store);
            Filters.id("product", product);
            Filters.id("candidate", candidate, 32);
            Filters.flag("chosen", chosen);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Each store-product's candidate models with their backtest errors, and the one used",
            description = "The newest SUCCEEDED forecast run unless runId is given (404 unknown run, 409 run not "
                    + "SUCCEEDED). Sort keys: store, product, candidate (default store,product,candidate). Runs "
                    + "before candidates were stored have no rows.")
    public Uni<Page<CandidateItem>> candidates(@BeanParam Query query, @BeanParam ListParams list) {
        query.validate();
        return LIST.page(reader, list, () -> ForecastRunChoice.resolve(runs, query.runId), query::sql);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching candidate row as streamed CSV (header " + CandidateItem.CSV_HEADER + ")")
    public Multi<Buffer> candidatesCsv(@BeanParam Query query, @BeanParam ListParams list) {
        query.validate();
        return LIST.csv(reader, list, () -> ForecastRunChoice.resolve(runs, query.runId), query::sql);
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A run's model choice: pairs per model used (wins) and each candidate's mean backtest error",
            description = "The newest SUCCEEDED forecast run unless runId is given (404 unknown run, 409 run not "
                    + "SUCCEEDED); 404 when no run has succeeded yet.")
    public Uni<ModelChoice> summary(
            @QueryParam("runId") @Parameter(description = "A SUCCEEDED forecast run") String runId) {
        return ForecastRunChoice.resolve(runs, runId).chain(run -> {
            if (run == null) {
                return Uni.createFrom()
                        .failure(new ProblemException(404, "Not Found", "no forecast run has succeeded yet", null));
            }
            return read(PAIRS, Tuple.of(run))
                    .chain(pairs -> read(WINS, Tuple.of(run))
                            .chain(wins -> read(PER_CANDIDATE, Tuple.of(run, run))
                                    .map(perCandidate -> summary(run, pairs, wins, perCandidate))));
        });
    }

    private Uni<List<Row>> read(String sql, Tuple args) {
        return guard.bound(pool.preparedQuery(sql).execute(args)).map(rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        });
    }

    private static ModelChoice summary(long run, List<Row> pairs, List<Row> wins, List<Row> perCandidate) {
        Map<String, Integer> won = new TreeMap<>();
        for (Row r : wins) {
            won.put(String.valueOf(r.getString("model")), r.getInteger("pairs"));
        }
        List<ModelChoice.Candidate> candidates = new ArrayList<>();
        for (Row r : perCandidate) {
            Number chosen = (Number) r.getValue("chosen");
            candidates.add(new ModelChoice.Candidate(
                    r.getString("candidate"),
                    r.getString("backtest"),
                    r.getInteger("pairs"),
                    r.getDouble("mase"),
                    r.getDouble("smape"),
                    chosen == null ? 0 : chosen.intValue(),
                    r.getInteger("lowest")));
        }
        candidates.sort(Comparator.comparing(
                        ModelChoice.Candidate::meanMase, Comparator.nullsLast(Comparator.<Double>naturalOrder()))
                .thenComparing(ModelChoice.Candidate::candidate));
        return new ModelChoice(run, pairs.get(0).getInteger("pairs"), won, candidates);
    }
}
