package io.retailpulse.analytics.forecasts;

import io.retailpulse.analytics.lists.Cursor;
import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.KeyType;
import io.retailpulse.analytics.lists.KeysetReader;
import io.retailpulse.analytics.lists.ListParams;
import io.retailpulse.analytics.lists.Lists;
import io.retailpulse.analytics.lists.Ordering;
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
import java.util.HashMap;
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

    private static final String WINS = "SELECT model, COUNT(*) AS pairs FROM api_forecast_candidate "
            + "WHERE run_id = ? AND chosen = 1 GROUP BY model";
    private static final String PER_CANDIDATE = """
            SELECT candidate, backtest, COUNT(*) AS pairs, AVG(mase) AS mase, AVG(smape) AS smape,
                   SUM(chosen) AS chosen
            FROM api_forecast_candidate WHERE run_id = ? GROUP BY candidate, backtest""";
    /** Per pair, the single candidates with the lowest MASE (ties: each of them). */
    private static final String LOWEST = """
            SELECT c.candidate, COUNT(*) AS pairs
            FROM api_forecast_candidate c
            JOIN (SELECT store_id, product_id, MIN(mase) AS m FROM api_forecast_candidate
                  WHERE run_id = ? AND candidate <> 'combination' GROUP BY store_id, product_id) b
              ON b.store_id = c.store_id AND b.product_id = c.product_id AND c.mase = b.m
            WHERE c.run_id = ? AND c.candidate <> 'combination'
            GROUP BY c.candidate""";

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
        Filters.limit(list.limit);
        Ordering ordering = SORT.parse(list.sort);
        List<Object> after = Cursor.position(list.cursor, ordering);
        return run(query, after)
                .chain(run -> run == null
                        ? Uni.createFrom().item(new Page<CandidateItem>(List.of(), null))
                        : Lists.page(reader, query.sql(run), ordering, list, CandidateItem::of));
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching candidate row as streamed CSV (header " + CandidateItem.CSV_HEADER + ")")
    public Multi<Buffer> candidatesCsv(@BeanParam Query query, @BeanParam ListParams list) {
        query.validate();
        Ordering ordering = SORT.parse(list.sort);
        List<Object> after = Cursor.position(list.cursor, ordering);
        Filters.exportLimit(list.limit);
        return run(query, after)
                .onItem()
                .transformToMulti(run -> run == null
                        ? Multi.createFrom().item(Buffer.buffer(CandidateItem.CSV_HEADER + "\n"))
                        : Lists.csv(
                                reader,
                                query.sql(run),
                                ordering,
                                list,
                                CandidateItem.CSV_HEADER,
                                row -> CandidateItem.of(row).csv()));
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
                            .chain(wins -> read(LOWEST, Tuple.of(run, run))
                                    .chain(lowest -> read(PER_CANDIDATE, Tuple.of(run))
                                            .map(perCandidate -> summary(run, pairs, wins, lowest, perCandidate)))));
        });
    }

    private Uni<List<Row>> read(String sql, Tuple args) {
        return guard.bound(pool.preparedQuery(sql).execute(args)).map(rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        });
    }

    private static ModelChoice summary(
            long run, List<Row> pairs, List<Row> wins, List<Row> lowest, List<Row> perCandidate) {
        Map<String, Integer> won = new TreeMap<>();
        for (Row r : wins) {
            won.put(String.valueOf(r.getString("model")), r.getInteger("pairs"));
        }
        Map<String, Integer> lowestPerCandidate = new HashMap<>();
        for (Row r : lowest) {
            lowestPerCandidate.put(r.getString("candidate"), r.getInteger("pairs"));
        }
        List<ModelChoice.Candidate> candidates = new ArrayList<>();
        for (Row r : perCandidate) {
            String name = r.getString("candidate");
            Number chosen = (Number) r.getValue("chosen");
            candidates.add(new ModelChoice.Candidate(
                    name,
                    r.getString("backtest"),
                    r.getInteger("pairs"),
                    r.getDouble("mase"),
                    r.getDouble("smape"),
                    chosen == null ? 0 : chosen.intValue(),
                    name.equals("combination") ? null : lowestPerCandidate.getOrDefault(name, 0)));
        }
        candidates.sort(Comparator.comparing(
                        ModelChoice.Candidate::meanMase, Comparator.nullsLast(Comparator.<Double>naturalOrder()))
                .thenComparing(ModelChoice.Candidate::candidate));
        return new ModelChoice(run, pairs.get(0).getInteger("pairs"), won, candidates);
    }

    private Uni<Long> run(Query query, List<Object> after) {
        if (after != null) {
            return Uni.createFrom().item((Long) after.get(0));
        }
        return ForecastRunChoice.resolve(runs, query.runId);
    }
}
