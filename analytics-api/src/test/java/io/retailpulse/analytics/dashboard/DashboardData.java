package io.retailpulse.analytics.dashboard;

import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known rows in the tables the dashboard reads (written as their owners write them), and what the page must
 * draw from them. Days are relative to today (UTC), as the page's sentiment window is.
 */
final class DashboardData {
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final int HORIZON = 14;
    static final int SALES_DAYS = 40;
    static final String[][] PAIRS = {{"S1", "P1"}, {"S1", "P2"}, {"S2", "P1"}};
    static final int SHOWN_RUN = 2;

    private DashboardData() {}

    // ---- forecasts: run 1 and 2 succeeded (2 is shown), run 3 is still running ----
    static double yhat(int run, int pair, int day) {
        return 3 + pair + run * 0.5 + day * 0.125 + 0.0625;
    }

    static double lower(int run, int pair, int day) {
        return yhat(run, pair, day) - 1.5 - day * 0.0625;
    }

    static double upper(int run, int pair, int day) {
        return yhat(run, pair, day) + 2 + day * 0.125;
    }

    static double trend(int pair, int day) {
        return 1.5 + pair * 0.25 + day * 0.0625;
    }

    static double weekly(int day) {
        return ((day % 7) - 3) * 0.125;
    }

    static double yearly(int day) {
        return -0.25 + day * 0.03125;
    }

    static LocalDate forecastDay(int day) {
        return TODAY.plusDays(1 + day);
    }

    // ---- sales of S1/P1: the 40 days up to today, none on every fifth day (a day without a row sold nothing) ----
    static boolean soldOn(int daysAgo) {
        return daysAgo == SALES_DAYS - 1 || daysAgo % 5 != 2;
    }

    static long units(int pair, int daysAgo) {
        return 2 + pair + daysAgo % 4;
    }

    // ---- external series: "cpi" on every other day of the last 30 (ingest's signal_daily), "fuel" older ----
    static final String SIGNAL = "cpi";

    static Map<LocalDate, Double> signal() {
        Map<LocalDate, Double> values = new LinkedHashMap<>();
        for (int ago = 28; ago >= 0; ago -= 2) {
            values.put(TODAY.minusDays(ago), 100 + ago * 0.25);
        }
        return values;
    }

    // ---- sentiment: the last 30 days (enough for the correlation panel), two sources, two products; sentiment in
    // eighths so sums are exact ----
    record Post(
            String eventId,
            LocalDate day,
            String source,
            String product,
            String store,
            String label,
            double sentiment) {}

    static List<Post> posts() {
        String[] labels = {"positive", "neutral", "negative"};
        double[] sentiments = {0.75, 0.0, -0.625};
        List<Post> posts = new ArrayList<>();
        for (int daysAgo = 0; daysAgo < 30; daysAgo++) {
            int count = 1 + daysAgo % 3;
            for (int i = 0; i < count; i++) {
                int kind = (daysAgo + i) % 3;
                posts.add(new Post(
                        "e-" + daysAgo + "-" + i,
                        TODAY.minusDays(daysAgo),
                        i % 2 == 0 ? "review" : "social",
                        i == 2 ? null : "P" + (1 + i % 2),
                        i == 1 ? "S1" : null,
                        labels[kind],
                        sentiments[kind] + (daysAgo % 2) * 0.125));
            }
        }
        return posts;
    }

    /** date → [posts, positive, neutral, negative, sum of sentiment] over every source and product. */
    static Map<LocalDate, double[]> sentimentPerDay() {
        Map<LocalDate, double[]> perDay = new LinkedHashMap<>();
        for (Post p : posts()) {
            double[] d = perDay.computeIfAbsent(p.day(), k -> new double[5]);
            d[0]++;
            d[1 + List.of("positive", "neutral", "negative").indexOf(p.label())]++;
            d[4] += p.sentiment();
        }
        return perDay;
    }

    // ---- the runs' model choice (forecast_run_pair, forecast_candidate): run 1 prophet on its hold-out, run 2 auto
    // ----
    record Candidate(int run, int pair, String name, String backtest, double mase, Double smape, boolean chosen) {}

    static String model(int run, int pair) {
        return run == 1 ? "prophet" : new String[] {"ets+theta", "snaive", "mstl"}[pair];
    }

    static List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        for (int p = 0; p < PAIRS.length; p++) {
            out.add(new Candidate(1, p, "prophet", "holdout", 0.5, 9.5, true));
            out.add(new Candidate(1, p, "snaive", "holdout", 1.25, 12.0, false));
            String cv = "cross-validation";
            out.add(new Candidate(2, p, "naive", cv, 1.5 + p * 0.25, null, false));
            out.add(new Candidate(2, p, "snaive", cv, p == 1 ? 0.5 : 1.0, null, p == 1));
            out.add(new Candidate(2, p, "ets", cv, 0.75, null, false));
            out.add(new Candidate(2, p, "theta", cv, 0.875, null, false));
            out.add(new Candidate(2, p, "combination", cv, p == 2 ? 0.5 : 0.625, null, p == 0));
            if (p == 2) {
                out.add(new Candidate(2, p, "mstl", cv, 0.5, null, true));
            }
        }
        return out;
    }

    // ---- topics: run 1 and 2 done (2 is shown), run 3 running ----
    record Reason(int run, int rank, long topicId, String label, int unhappy, double share) {}

    static List<Reason> reasons() {
        return List.of(
                new Reason(1, 1, 11, "old reason", 50, 0.5),
                new Reason(2, 1, 21, "late delivery", 40, 0.4),
                new Reason(2, 2, 22, "damaged packaging", 25, 0.25),
                new Reason(2, 3, 23, "rude staff at checkout", 10, 0.1),
                new Reason(3, 1, 31, "unfinished run", 99, 0.99));
    }

    // ---- alerts already in the table, newest first ----
    record StoredAlert(String alertId, long topicId, String label, String text, LocalDateTime raisedAt) {}

    static List<StoredAlert> storedAlerts() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        return List.of(
                new StoredAlert("a-3", 21, "late delivery", "third: still waiting for my parcel", now.minusMinutes(5)),
                new StoredAlert("a-2", 22, "damaged packaging", "second: the box was crushed", now.minusMinutes(30)),
                new StoredAlert("a-1", 21, "late delivery", "first: order is a week late", now.minusHours(2)));
    }

    static void insert() throws SQLException {
        try (Connection c = MariaDbTestResource.connection()) {
            try (PreparedStatement run = c.prepareStatement("INSERT INTO forecast_run (run_id, status, trigger_source, "
                    + "horizon_days, as_of_date) VALUES (?, ?, 'api', ?, ?)")) {
                String[] status = {"SUCCEEDED", "SUCCEEDED", "RUNNING"};
                for (int r = 1; r <= 3; r++) {
                    run.setInt(1, r);
                    run.setString(2, status[r - 1]);
                    run.setInt(3, HORIZON);
                    run.setObject(4, TODAY);
                    run.addBatch();
                }
                run.executeBatch();
            }
            try (PreparedStatement f = c.prepareStatement("INSERT INTO forecast (run_id, store_id, product_id, "
                    + "forecast_date, yhat, yhat_lower, yhat_upper, trend, weekly, yearly, holidays) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
                for (int r = 1; r <= 3; r++) {
                    for (int p = 0; p < PAIRS.length; p++) {
                        for (int d = 0; d < HORIZON; d++) {
                            f.setInt(1, r);
                            f.setString(2, PAIRS[p][0]);
                            f.setString(3, PAIRS[p][1]);
                            f.setObject(4, forecastDay(d));
                            f.setDouble(5, yhat(r, p, d));
                            f.setDouble(6, lower(r, p, d));
                            f.setDouble(7, upper(r, p, d));
                            f.setDouble(8, trend(p, d));
                            f.setDouble(9, weekly(d));
                            f.setDouble(10, yearly(d));
                            f.addBatch();
                        }
                    }
                }
                f.executeBatch();
            }
            try (PreparedStatement pair = c.prepareStatement(
                            "INSERT INTO forecast_run_pair (run_id, store_id, "
                                    + "product_id, outcome, model, worker, done_at) VALUES (?, ?, ?, 'FORECAST', ?, 'w', NOW(3))");
                    PreparedStatement candidate = c.prepareStatement(
                            "INSERT INTO forecast_candidate (run_id, store_id, "
                                    + "product_id, candidate, backtest, mase, smape, chosen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int r = 1; r <= 2; r++) {
                    for (int p = 0; p < PAIRS.length; p++) {
                        pair.setInt(1, r);
                        pair.setString(2, PAIRS[p][0]);
                        pair.setString(3, PAIRS[p][1]);
                        pair.setString(4, model(r, p));
                        pair.addBatch();
                    }
                }
                pair.executeBatch();
                for (Candidate k : candidates()) {
                    candidate.setInt(1, k.run());
                    candidate.setString(2, PAIRS[k.pair()][0]);
                    candidate.setString(3, PAIRS[k.pair()][1]);
                    candidate.setString(4, k.name());
                    candidate.setString(5, k.backtest());
                    candidate.setDouble(6, k.mase());
                    candidate.setObject(7, k.smape());
                    candidate.setBoolean(8, k.chosen());
                    candidate.addBatch();
                }
                candidate.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO daily_sales (store_id, product_id, sale_date, "
                    + "units, revenue, transactions) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int p = 0; p < PAIRS.length; p++) {
                    for (int ago = 0; ago < SALES_DAYS; ago++) {
                        if (!soldOn(ago)) {
                            continue;
                        }
                        s.setString(1, PAIRS[p][0]);
                        s.setString(2, PAIRS[p][1]);
                        s.setObject(3, TODAY.minusDays(ago));
                        s.setLong(4, units(p, ago));
                        s.setBigDecimal(5, java.math.BigDecimal.valueOf(units(p, ago) * 250, 2));
                        s.setInt(6, 1);
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement t = c.prepareStatement("INSERT INTO text_sentiment (event_id, ts, day, source, "
                    + "user_id, product_id, store_id, text, label, score, p_negative, p_neutral, p_positive, sentiment, "
                    + "model, model_version, scored_at) VALUES (?, ?, ?, ?, 'u1', ?, ?, ?, ?, 0.9, ?, ?, ?, ?, "
                    + "'test-model', '1', ?)")) {
                for (Post p : posts()) {
                    LocalDateTime ts = p.day().atTime(12, 0);
                    double positive = Math.max(p.sentiment(), 0);
                    double negative = Math.max(-p.sentiment(), 0);
                    t.setString(1, p.eventId());
                    t.setObject(2, ts);
                    t.setObject(3, p.day());
                    t.setString(4, p.source());
                    t.setString(5, p.product());
                    t.setString(6, p.store());
                    t.setString(7, "text of " + p.eventId());
                    t.setString(8, p.label());
                    t.setDouble(9, negative);
                    t.setDouble(10, 1 - positive - negative);
                    t.setDouble(11, positive);
                    t.setDouble(12, p.sentiment());
                    t.setObject(13, ts);
                    t.addBatch();
                }
                t.executeBatch();
            }
            try (PreparedStatement g = c.prepareStatement("INSERT INTO signal_daily (name, ds, value, source, version) "
                    + "VALUES (?, ?, ?, 'api', NOW(6))")) {
                for (Map.Entry<LocalDate, Double> v : signal().entrySet()) {
                    g.setString(1, SIGNAL);
                    g.setObject(2, v.getKey());
                    g.setDouble(3, v.getValue());
                    g.addBatch();
                }
                g.setString(1, "fuel");
                g.setObject(2, TODAY.minusDays(400));
                g.setDouble(3, 3.5);
                g.addBatch();
                g.executeBatch();
            }
            try (PreparedStatement run = c.prepareStatement("INSERT INTO topic_run (run_id, status, trigger_source, "
                    + "window_from, window_to) VALUES (?, ?, 'schedule', ?, ?)")) {
                String[] status = {"DONE", "DONE", "RUNNING"};
                for (int r = 1; r <= 3; r++) {
                    run.setInt(1, r);
                    run.setString(2, status[r - 1]);
                    run.setObject(3, TODAY.minusDays(7 + r).atStartOfDay());
                    run.setObject(4, TODAY.minusDays(r).atStartOfDay());
                    run.addBatch();
                }
                run.executeBatch();
            }
            try (PreparedStatement r = c.prepareStatement("INSERT INTO topic_reason (run_id, rank_no, topic_id, label, "
                    + "unhappy, share) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Reason reason : reasons()) {
                    r.setInt(1, reason.run());
                    r.setInt(2, reason.rank());
                    r.setLong(3, reason.topicId());
                    r.setString(4, reason.label());
                    r.setInt(5, reason.unhappy());
                    r.setDouble(6, reason.share());
                    r.addBatch();
                }
                r.executeBatch();
            }
            try (PreparedStatement a = c.prepareStatement("INSERT INTO topic_alert (alert_id, event_id, run_id, "
                    + "topic_id, topic_label, similarity, source, user_id, dedupe_key, text, ts, raised_at) "
                    + "VALUES (?, ?, 2, ?, ?, 0.8125, 'review', 'u9', ?, ?, ?, ?)")) {
                for (StoredAlert alert : storedAlerts()) {
                    a.setString(1, alert.alertId());
                    a.setString(2, "ev-" + alert.alertId());
                    a.setLong(3, alert.topicId());
                    a.setString(4, alert.label());
                    a.setString(5, "u9");
                    a.setString(6, alert.text());
                    a.setObject(7, alert.raisedAt().minusSeconds(10));
                    a.setObject(8, alert.raisedAt());
                    a.addBatch();
                }
                a.executeBatch();
            }
        }
    }
}
