package io.retailpulse.forecasting.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seasonal, holiday and regressor columns of a fitted model, decided once at fit time (which
 * seasonalities, which holiday offsets, the regressors' standardisation) and rebuilt for any frame.
 */
final class Features {
    private static final double SECONDS_PER_DAY = 86_400.0;

    /** One column: how to compute it, its prior and the components it belongs to. */
    record Column(
            String name,
            Kind kind,
            String source,
            double period,
            int harmonic,
            boolean sine,
            Set<LocalDate> dates,
            double mu,
            double std,
            Mode mode,
            double priorScale,
            double priorMean,
            List<String> components) {}

    enum Kind {
        FOURIER,
        HOLIDAY,
        REGRESSOR
    }

    private final List<Column> columns;
    private final Map<String, String> conditions;

    private Features(List<Column> columns, Map<String, String> conditions) {
        this.columns = columns;
        this.conditions = conditions;
    }

    static Features build(List<Seasonality> seasonalities, ModelOptions options, Frame history, double yScale) {
        List<Column> cols = new ArrayList<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        for (Seasonality s : seasonalities) {
            Mode mode = s.mode() != null ? s.mode() : options.seasonalityMode();
            double[] means = options.pooledPriorMeans().get(s.name());
            if (means != null && means.length != 2 * s.order()) {
                throw new IllegalArgumentException(
                        "pooled prior means of " + s.name() + " need " + 2 * s.order() + " values");
            }
            double scale = means != null ? options.pooledPriorScale() : s.priorScale();
            if (s.condition() != null) {
                conditions.put(s.name(), s.condition());
            }
            for (int h = 1; h <= s.order(); h++) {
                for (boolean sine : new boolean[] {true, false}) {
                    int idx = 2 * (h - 1) + (sine ? 0 : 1);
                    cols.add(new Column(
                            s.name() + (sine ? "_sin" : "_cos") + h,
                            Kind.FOURIER,
                            s.name(),
                            s.periodDays(),
                            h,
                            sine,
                            null,
                            0,
                            1,
                            mode,
                            scale,
                            means == null ? 0 : means[idx] / (mode == Mode.ADDITIVE ? yScale : 1),
                            componentsOf(s.name(), mode)));
                }
            }
        }
        Map<String, Map<Integer, Set<LocalDate>>> byName = new LinkedHashMap<>();
        Map<String, Double> holidayScale = new LinkedHashMap<>();
        for (Holiday h : options.holidays()) {
            Map<Integer, Set<LocalDate>> offsets = byName.computeIfAbsent(h.name(), k -> new java.util.TreeMap<>());
            for (int o = h.lowerWindow(); o <= h.upperWindow(); o++) {
                offsets.computeIfAbsent(o, k -> new HashSet<>()).add(h.date().plusDays(o));
            }
            if (h.priorScale() != null) {
                holidayScale.putIfAbsent(h.name(), h.priorScale());
            }
        }
        Mode holidaysMode = options.effectiveHolidaysMode();
        byName.forEach((name, offsets) -> offsets.forEach((o, dates) -> {
            List<String> comps = new ArrayList<>(componentsOf(name, holidaysMode));
            comps.add("holidays");
            cols.add(new Column(
                    name + (o >= 0 ? "_+" : "_") + o,
                    Kind.HOLIDAY,
                    name,
                    0,
                    0,
                    false,
                    dates,
                    0,
                    1,
                    holidaysMode,
                    holidayScale.getOrDefault(name, options.holidaysPriorScale()),
                    0,
                    comps));
        }));
        for (Regressor r : options.regressors()) {
            double[] x = history.regressor(r.name());
            boolean binary = true;
            double sum = 0;
            for (double v : x) {
                binary &= v == 0 || v == 1;
                sum += v;
            }
            double mu = 0;
            double std = 1;
            boolean standardize = r.standardize() != null ? r.standardize() : !binary;
            if (standardize) {
                mu = sum / x.length;
                double ss = 0;
                for (double v : x) {
                    ss += (v - mu) * (v - mu);
                }
                std = x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0;
                if (std == 0) {
                    std = 1;
                }
            }
            Mode mode = r.mode() != null ? r.mode() : options.seasonalityMode();
            List<String> comps = new ArrayList<>(componentsOf(r.name(), mode));
            comps.add(mode == Mode.ADDITIVE ? "extra_regressors_additive" : "extra_regressors_multiplicative");
            double scale = r.priorScale() != null ? r.priorScale() : options.holidaysPriorScale();
            cols.add(new Column(r.name(), Kind.REGRESSOR, r.name(), 0, 0, false, null, mu, std, mode, scale, 0, comps));
        }
        return new Features(List.copyOf(cols), conditions);
    }

    private static List<String> componentsOf(String name, Mode mode) {
        return List.of(name, mode == Mode.ADDITIVE ? "additive_terms" : "multiplicative_terms");
    }

    List<Column> columns() {
        return columns;
    }

    int size() {
        return columns.size();
    }

    /** Column-major matrix {@code [column][row]} of the features for every row of {@code frame}. */
    double[][] matrix(Frame frame) {
        int n = frame.size();
        double[][] x = new double[columns.size()][n];
        double[] days = new double[n];
        LocalDate[] dates = new LocalDate[n];
        for (int i = 0; i < n; i++) {
            days[i] = frame.seconds(i) / SECONDS_PER_DAY;
            dates[i] = frame.ds(i).toLocalDate();
        }
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            double[] out = x[c];
            switch (col.kind()) {
                case FOURIER -> {
                    // Harmonics h > 1 by angle addition from h - 1 and h = 1: one sin/cos per row per seasonality.
                    int h = col.harmonic();
                    int base = c - 2 * (h - 1) - (col.sine() ? 0 : 1);
                    if (h == 1) {
                        double w = 2 * Math.PI / col.period();
                        for (int i = 0; i < n; i++) {
                            double a = w * days[i];
                            out[i] = col.sine() ? Math.sin(a) : Math.cos(a);
                        }
                    } else {
                        int prevSin = base + 2 * (h - 2);
                        double[] s1 = x[base];
                        double[] c1 = x[base + 1];
                        double[] sp = x[prevSin];
                        double[] cp = x[prevSin + 1];
                        for (int i = 0; i < n; i++) {
                            out[i] = col.sine() ? sp[i] * c1[i] + cp[i] * s1[i] : cp[i] * c1[i] - sp[i] * s1[i];
                        }
                    }
                }
                case HOLIDAY -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = col.dates().contains(dates[i]) ? 1 : 0;
                    }
                }
                case REGRESSOR -> {
                    double[] v = frame.regressor(col.source());
                    for (int i = 0; i < n; i++) {
                        out[i] = (v[i] - col.mu()) / col.std();
                    }
                }
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            String cond = columns.get(c).kind() == Kind.FOURIER
                    ? conditions.get(columns.get(c).source())
                    : null;
            if (cond != null) {
                boolean[] on = frame.condition(cond);
                for (int i = 0; i < n; i++) {
                    if (!on[i]) {
                        x[c][i] = 0;
                    }
                }
            }
        }
        return x;
    }

    /** Names of every component, in first-seen order. */
    List<String> componentNames() {
        LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
        for (Column c : columns) {
            c.components().forEach(n -> names.put(n, true));
        }
        names.put("additive_terms", true);
        names.put("multiplicative_terms", true);
        return List.copyOf(names.keySet());
    }
}
