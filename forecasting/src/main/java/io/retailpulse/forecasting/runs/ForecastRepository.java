package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.forecasting.model.Metrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** {@code forecast} and {@code forecast_metrics}: one transaction per store-product of a run. */
@ApplicationScoped
public class ForecastRepository {
    public static final String MODEL = "prophet-like";
    public static final String NAIVE = "seasonal-naive";

    /** One multi-row statement per pair: the MySQL client would send a batch as one round trip per row. */
    private static final String INSERT_FORECAST = """
            INSERT INTO forecast (run_id, store_id, product_id, forecast_date, yhat, yhat_lower, yhat_upper, trend,
                                  weekly, yearly, holidays, components)
            VALUES %s""";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_METRICS = """
            INSERT INTO forecast_metrics (run_id, store_id, product_id, model, train_days, test_days, mae, rmse, mape,
                                          smape, mase, r2, coverage)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final Pool pool;
    private final ObjectMapper mapper;

    public ForecastRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Void> save(long runId, PairForecast f) {
        List<Object> values = new ArrayList<>(12 * f.days().size());
        for (PairForecast.Day d : f.days()) {
            values.addAll(Arrays.asList(runId, f.key().storeId(), f.key().productId(), d.date(), d.yhat(),
                    d.lower(), d.upper(), d.components().get("trend"), d.components().get("weekly"),
                    d.components().get("yearly"), d.components().get("holidays"), json(d)));
        }
        if (f.days().isEmpty()) {
            return pool.withTransaction(conn -> saveMetrics(conn, runId, f));
        }
        String sql = INSERT_FORECAST.formatted(String.join(", ", Collections.nCopies(f.days().size(), ROW)));
        return pool.withTransaction(conn -> conn.preparedQuery(sql).execute(Tuple.tuple(values))
                .chain(() -> saveMetrics(conn, runId, f))).replaceWithVoid();
    }

    private static Uni<Void> saveMetrics(SqlConnection conn, long runId, PairForecast f) {
        if (f.model() == null) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(INSERT_METRICS).executeBatch(List.of(metrics(runId, f, MODEL, f.model()),
                metrics(runId, f, NAIVE, f.naive()))).replaceWithVoid();
    }

    private static Tuple metrics(long runId, PairForecast f, String model, Metrics m) {
        return Tuple.tuple(Arrays.asList(runId, f.key().storeId(), f.key().productId(), model,
                f.trainDays() - f.testDays(), f.testDays(), finite(m.mae()), finite(m.rmse()), finite(m.mape()),
                finite(m.smape()), finite(m.mase()), finite(m.r2()), finite(m.coverage())));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private String json(PairForecast.Day d) {
        try {
            return mapper.writeValueAsString(d.components());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
