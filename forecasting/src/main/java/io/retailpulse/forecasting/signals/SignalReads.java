package io.retailpulse.forecasting.signals;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Regressor values by reference, read from the other services' published views only (docs/architecture.md:
 * {@code api_*} views are the contract, never their tables): ingest's {@code api_signal_daily} (external series by
 * name) and inference's {@code api_text_sentiment} and {@code api_topic_alert}. Per day: {@code sentiment} the mean
 * signed score (p_positive − p_negative; days without texts are missing, to be interpolated), {@code negative_share}
 * the share of negative texts and {@code complaints} the number of complaint alerts (optionally of one reason, the
 * alert's topic label), both 0 on days without texts.
 *
 * <p>Many subjects (store-products) in one query per regressor: the rows come back per day, product and store, and
 * are summed per subject here, so a work item of many pairs costs one round trip per regressor, not one per pair.
 */
@ApplicationScoped
public class SignalReads {
    /** One store-product (either may be null for "any": the ad-hoc endpoint's fixed product or store). */
    public record Subject(String storeId, String productId) {}

    static final String SIGNAL = "SELECT date, value FROM api_signal_daily WHERE name = ?";
    private static final String SIGNALS_PRESENT = "SELECT DISTINCT name FROM api_signal_daily WHERE name IN (%s)";
    private static final String TEXTS = """
            SELECT s.day, s.product_id, s.store_id, SUM(s.sentiment), SUM(CASE WHEN s.label = 'negative' THEN 1 ELSE 0
                END), COUNT(*)
            FROM api_text_sentiment s WHERE s.day BETWEEN ? AND ? %s GROUP BY s.day, s.product_id, s.store_id""";
    private static final String COMPLAINTS = """
            SELECT s.day, s.product_id, s.store_id, COUNT(*)
            FROM api_topic_alert a JOIN api_text_sentiment s ON s.event_id = a.event_id
            WHERE s.day BETWEEN ? AND ? %s GROUP BY s.day, s.product_id, s.store_id""";

    private final Pool pool;

    public SignalReads(Pool pool) {
        this.pool = pool;
    }

    /** The external series {@code name}, every day it has (future ones included); empty when there is none. */
    public Uni<Map<LocalDate, Double>> signal(String name) {
        return pool.preparedQuery(SIGNAL).execute(Tuple.of(name)).map(rows -> {
            Map<LocalDate, Double> m = new HashMap<>();
            for (Row r : rows) {
                m.put(r.getLocalDate(0), r.getDouble(1));
            }
            return m;
        });
    }

    /** Which of {@code names} exist as external series. */
    public Uni<Set<String>> signalsPresent(Set<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> list = List.copyOf(names);
        return pool.preparedQuery(SIGNALS_PRESENT.formatted(String.join(", ", Collections.nCopies(list.size(), "?"))))
                .execute(Tuple.from(list))
                .map(rows -> {
                    Set<String> out = new LinkedHashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /**
     * Values per day of {@code spec} for every subject over {@code from..to} (signals: all their days). One query.
     * A subject without any value maps to an empty map (signal absent: every subject gets the same empty map).
     */
    public Uni<Map<Subject, Map<LocalDate, Double>>> read(
            SignalSpec spec, List<Subject> subjects, LocalDate from, LocalDate to) {
        if (spec.source().equals("signal")) {
            return signal(spec.name()).map(values -> {
                Map<Subject, Map<LocalDate, Double>> out = new HashMap<>();
                subjects.forEach(s -> out.put(s, values));
                return out;
            });
        }
        boolean complaints = spec.source().equals("complaints");
        List<Object> params = new ArrayList<>(List.of(from, to));
        StringBuilder where = new StringBuilder();
        Set<String> products = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        for (Subject s : subjects) {
            products.add(spec.productFor(s.productId()));
            stores.add(spec.storeFor(s.storeId()));
        }
        // Narrow by product when every subject has one (product and pair scope), else by store; the exact match
        // per subject (a store or none) is done below.
        if (!products.contains(null)) {
            in(where, params, "s.product_id", products);
        } else if (!stores.contains(null)) {
            in(where, params, "s.store_id", stores);
        }
        if (complaints && spec.reason() != null) {
            where.append(" AND a.topic_label = ?");
            params.add(spec.reason());
        }
        String sql = (complaints ? COMPLAINTS : TEXTS).formatted(where);
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Object[]> all = new ArrayList<>(rows.size());
            for (Row r : rows) {
                all.add(
                        complaints
                                ? new Object[] {
                                    r.getLocalDate(0),
                                    r.getString(1),
                                    r.getString(2),
                                    0.0,
                                    r.getLong(3).doubleValue(),
                                    0L
                                }
                                : new Object[] {
                                    r.getLocalDate(0),
                                    r.getString(1),
                                    r.getString(2),
                                    r.getDouble(3),
                                    r.getDouble(4),
                                    r.getLong(5)
                                });
            }
            Map<Subject, Map<LocalDate, Double>> out = new HashMap<>();
            for (Subject s : subjects) {
                out.put(s, perDay(spec, s, all, from, to));
            }
            return out;
        });
    }

    private static void in(StringBuilder where, List<Object> params, String column, Set<String> values) {
        where.append(" AND ")
                .append(column)
                .append(" IN (")
                .append(String.join(", ", Collections.nCopies(values.size(), "?")))
                .append(')');
        params.addAll(values);
    }

    /** Rows {@code day, product, store, sum of scores, negatives (complaints: count), texts} summed per day. */
    private static Map<LocalDate, Double> perDay(
            SignalSpec spec, Subject s, List<Object[]> rows, LocalDate from, LocalDate to) {
        String product = spec.productFor(s.productId());
        String store = spec.storeFor(s.storeId());
        boolean storeless = spec.storelessCounts();
        Map<LocalDate, double[]> sums = new HashMap<>();
        for (Object[] r : rows) {
            if (product != null && !product.equals(r[1])) {
                continue;
            }
            if (store != null && !store.equals(r[2]) && !(storeless && r[2] == null)) {
                continue;
            }
            double[] acc = sums.computeIfAbsent((LocalDate) r[0], d -> new double[3]);
            acc[0] += (Double) r[3];
            acc[1] += (Double) r[4];
            acc[2] += (Long) r[5];
        }
        Map<LocalDate, Double> out = new HashMap<>();
        if (!spec.source().equals("sentiment")) { // counts and shares: a day without texts is a 0
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                out.put(d, 0.0);
            }
        }
        sums.forEach((day, acc) -> {
            double v = switch (spec.source()) {
                case "sentiment" -> acc[0] / acc[2];
                case "negative_share" -> acc[1] / acc[2];
                default -> acc[1];
            };
            if (Double.isFinite(v)) {
                out.put(day, v);
            }
        });
        return out;
    }
}
