package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Top-down pooling of a run (hierarchical forecasting, {@code pulse.forecasting.runs.pooling.*}): the run's engine
 * forecasts each product's total across stores and/or each store's total across products on the publishing replica;
 * a pair's top-down forecast is that total's forecast times the pair's share of the total over the last
 * {@code shareDays} before the origin (per weekday), and the stored forecast is
 * {@code (1 - weight) * own + weight * top-down}. Totals are smoother than any one pair, so their seasonal shape and
 * trend are estimated with far less noise: the pooling the store-item data rewards. Items carry only the totals of
 * their own pairs, for the backtest origin and the final one, so every replica combines the same way.
 *
 * @param totals by {@link #productKey} / {@link #storeKey}
 */
public record TopDown(String level, double weight, int shareDays, boolean byWeekday, Map<String, Total> totals) {
    public static final String MODE = "top-down";
    public static final List<String> LEVELS = List.of("product", "store", "both");

    /**
     * One total's forecasts and its sums over the share window: {@code backtest} (the run's hold-out days, from the
     * backtest origin; empty without a backtest) and {@code forecast} (the horizon from the run's last day), and the
     * total's units per weekday bucket (7, Monday first, or 1) over the window ending at each origin.
     */
    public record Total(double[] backtest, double[] forecast, double[] backtestSums, double[] finalSums) {}

    public TopDown {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(
                    "pulse.forecasting.runs.pooling.level must be one of " + LEVELS + ": " + level);
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("pulse.forecasting.runs.pooling.weight must be in [0, 1]: " + weight);
        }
        if (shareDays < 7) {
            throw new IllegalArgumentException(
                    "pulse.forecasting.runs.pooling.share-days must be at least 7: " + shareDays);
        }
        totals = totals == null ? Map.of() : totals;
    }

    /** What the run says about its pooling ({@code GET /api/v1/forecast-runs/{id}}: {@code pooling}). */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s(level=%s, weight=%s, share-days=%d%s)",
                MODE,
                level,
                weight,
                shareDays,
                byWeekday ? ", by weekday" : "");
    }

    public static String productKey(String productId) {
        return "product:" + productId;
    }

    public static String storeKey(String storeId) {
        return "store:" + storeId;
    }

    boolean products() {
        return !level.equals("store");
    }

    boolean stores() {
        return !level.equals("product");
    }

    /** The totals keys a pair belongs to at this level. */
    List<String> keysOf(SeriesKey pair) {
        List<String> out = new ArrayList<>(2);
        if (products()) {
            out.add(productKey(pair.productId()));
        }
        if (stores()) {
            out.add(storeKey(pair.storeId()));
        }
        return out;
    }

    /** The same settings with only the totals of these pairs (what one work item carries). */
    public TopDown forPairs(List<SeriesKey> pairs) {
        Map<String, Total> subset = new LinkedHashMap<>();
        for (SeriesKey p : pairs) {
            for (String k : keysOf(p)) {
                Total t = totals.get(k);
                if (t != null) {
                    subset.put(k, t);
                }
            }
        }
        return new TopDown(level, weight, shareDays, byWeekday, subset);
    }

    /** Units per weekday bucket over the {@code shareDays} ending at index {@code end} of the series. */
    double[] sums(DailySeries s, int end) {
        double[] out = new double[byWeekday ? 7 : 1];
        for (int i = Math.max(0, end - shareDays + 1); i <= end && i < s.days(); i++) {
            out[bucket(s.first().plusDays(i))] += s.units()[i];
        }
        return out;
    }

    private int bucket(LocalDate d) {
        return byWeekday ? d.getDayOfWeek().getValue() - 1 : 0;
    }

    /**
     * The combined forecast of {@code own} (a pair's forecast of {@code own.length} days from the day after index
     * {@code end} of its series, clipped at 0): {@code own} itself when the item carries none of the pair's totals.
     */
    double[] combine(DailySeries pair, double[] own, int end, boolean backtest) {
        double[] pairSums = sums(pair, end);
        LocalDate first = pair.first().plusDays(end + 1L);
        double[] topDown = new double[own.length];
        int levels = 0;
        for (String k : keysOf(pair.key())) {
            Total t = totals.get(k);
            double[] fc = t == null ? null : backtest ? t.backtest() : t.forecast();
            double[] totalSums = t == null ? null : backtest ? t.backtestSums() : t.finalSums();
            if (fc == null || totalSums == null || fc.length < own.length || totalSums.length != pairSums.length) {
                continue;
            }
            levels++;
            for (int i = 0; i < own.length; i++) {
                int b = bucket(first.plusDays(i));
                double share = totalSums[b] > 0 ? pairSums[b] / totalSums[b] : 0;
                topDown[i] += Math.max(0, fc[i]) * share;
            }
        }
        if (levels == 0) {
            return own;
        }
        double[] out = new double[own.length];
        for (int i = 0; i < own.length; i++) {
            out[i] = (1 - weight) * own[i] + weight * topDown[i] / levels;
        }
        return out;
    }

    /**
     * Sums pairs' series into the totals of a level, day by day back from the run's last day (every series ends
     * on it). Not thread-safe: one per first pass, fed in order.
     */
    static final class Summer {
        private final TopDown settings;
        private final LocalDate asOf;
        // Index 0 = asOf, 1 = the day before, ...: series start on different days but all end on asOf.
        private final Map<String, double[]> back = new HashMap<>();

        Summer(TopDown settings, LocalDate asOf) {
            this.settings = settings;
            this.asOf = asOf;
        }

        void add(DailySeries s) {
            int n = s.days();
            for (String k : settings.keysOf(s.key())) {
                double[] b = back.get(k);
                if (b == null || b.length < n) {
                    double[] grown = new double[n];
                    if (b != null) {
                        System.arraycopy(b, 0, grown, 0, b.length);
                    }
                    back.put(k, b = grown);
                }
                for (int i = 0; i < n; i++) {
                    b[i] += s.units()[n - 1 - i];
                }
            }
        }

        /** Every total as a daily series ending on the run's last day (key: {@code *} and the total's key). */
        List<DailySeries> series() {
            List<DailySeries> out = new ArrayList<>(back.size());
            back.forEach((k, b) -> {
                double[] units = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    units[i] = b[b.length - 1 - i];
                }
                out.add(new DailySeries(new SeriesKey("*", k), asOf.minusDays(b.length - 1L), units));
            });
            return out;
        }
    }
}
