package io.retailpulse.forecasting.adhoc;

import io.retailpulse.common.api.DatabaseConfig;
import io.retailpulse.common.api.DatabaseUnavailableException;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Regressor values by reference, read from the other services' published views only (docs/architecture.md:
 * {@code api_*} views are the contract, never their tables): ingest's {@code api_signal_daily} (external series by
 * name) and inference's {@code api_text_sentiment} and {@code api_topic_alert} (daily sentiment and complaint
 * alerts of a product and/or store). Per day: {@code sentiment} the mean signed score (p_positive − p_negative;
 * days without posts are interpolated), {@code negative_share} the share of negative posts and {@code complaints}
 * the number of complaint alerts (optionally of one reason, the alert's topic label); both 0 on days without posts.
 */
@ApplicationScoped
public class RegressorSources {
    static final List<String> SOURCES = List.of("signal", "sentiment", "negative_share", "complaints");

    private static final String SIGNAL = "SELECT date, value FROM api_signal_daily WHERE name = ?";
    private static final String SENTIMENT = """
            SELECT s.day, AVG(s.sentiment), AVG(CASE WHEN s.label = 'negative' THEN 1 ELSE 0 END)
            FROM api_text_sentiment s WHERE s.day BETWEEN ? AND ? %s GROUP BY s.day""";
    private static final String COMPLAINTS = """
            SELECT s.day, COUNT(*) FROM api_topic_alert a JOIN api_text_sentiment s ON s.event_id = a.event_id
            WHERE s.day BETWEEN ? AND ? %s GROUP BY s.day""";

    private final Pool pool;
    private final DatabaseConfig database;

    public RegressorSources(Pool pool, DatabaseConfig database) {
        this.pool = pool;
        this.database = database;
    }

    /**
     * Values per day of every reference regressor of the request, by regressor name, over {@code from..to}
     * (signals: all their days, future ones included). A request without references reads nothing.
     */
    public Uni<Map<String, Map<LocalDate, Double>>> read(ForecastRequest request, LocalDate from, LocalDate to) {
        List<ForecastRequest.RegressorSpec> refs = request.regressors() == null
                ? List.of()
                : request.regressors().stream()
                        .filter(r -> r != null && r.name() != null && r.reference())
                        .toList();
        Map<String, Map<LocalDate, Double>> out = new LinkedHashMap<>();
        if (refs.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ForecastRequest.RegressorSpec spec : refs) {
            String source = spec.source().trim().toLowerCase(Locale.ROOT);
            if (!SOURCES.contains(source)) {
                return Uni.createFrom()
                        .failure(ProblemException.badRequest("regressor " + spec.name() + ": source '" + spec.source()
                                + "' is not one of inline, " + String.join(", ", SOURCES)));
            }
            chain = chain.chain(() -> one(spec, source, from, to).invoke(values -> out.put(spec.name(), values)))
                    .replaceWithVoid();
        }
        return chain.replaceWith(out)
                .ifNoItem()
                .after(database.timeout())
                .failWith(() -> new DatabaseUnavailableException(
                        "reading regressor sources took longer than " + database.timeout()));
    }

    private Uni<Map<LocalDate, Double>> one(
            ForecastRequest.RegressorSpec spec, String source, LocalDate from, LocalDate to) {
        if (source.equals("signal")) {
            return pool.preparedQuery(SIGNAL)
                    .execute(Tuple.of(spec.name()))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.badRequest(
                                    "regressor " + spec.name() + ": no external series named '" + spec.name()
                                            + "' (POST /api/v1/signals stores one)");
                        }
                        Map<LocalDate, Double> m = new HashMap<>();
                        for (Row r : rows) {
                            m.put(r.getLocalDate(0), r.getDouble(1));
                        }
                        return m;
                    })
                    .onFailure(e -> !(e instanceof ProblemException))
                    .transform(e -> unavailable(spec, "api_signal_daily", e));
        }
        if (spec.product() == null && spec.store() == null) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest(
                            "regressor " + spec.name() + ": source " + source + " needs product and/or store"));
        }
        List<Object> params = new ArrayList<>(List.of(from, to));
        StringBuilder where = new StringBuilder();
        if (spec.product() != null) {
            where.append(" AND s.product_id = ?");
            params.add(spec.product());
        }
        if (spec.store() != null) {
            where.append(" AND s.store_id = ?");
            params.add(spec.store());
        }
        boolean complaints = source.equals("complaints");
        if (complaints && spec.reason() != null) {
            where.append(" AND a.topic_label = ?");
            params.add(spec.reason());
        }
        String sql = (complaints ? COMPLAINTS : SENTIMENT).formatted(where);
        Uni<RowSet<Row>> rows = pool.preparedQuery(sql).execute(Tuple.from(params));
        return rows.map(rs -> {
                    Map<LocalDate, Double> m = new HashMap<>();
                    if (!source.equals("sentiment")) { // counts and shares: a day without posts is a 0
                        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                            m.put(d, 0.0);
                        }
                    }
                    for (Row r : rs) {
                        double v = switch (source) {
                            case "sentiment" -> r.getDouble(1);
                            case "negative_share" -> r.getDouble(2);
                            default -> r.getLong(1).doubleValue();
                        };
                        m.put(r.getLocalDate(0), v);
                    }
                    return m;
                })
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> unavailable(spec, complaints ? "api_topic_alert" : "api_text_sentiment", e));
    }

    private static RuntimeException unavailable(ForecastRequest.RegressorSpec spec, String view, Throwable e) {
        return new DatabaseUnavailableException(
                "regressor " + spec.name() + ": could not read " + view + " (" + e.getMessage() + ")");
    }
}
