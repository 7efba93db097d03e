package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Automatic choice per series: every candidate family is scored by rolling-origin cross-validation on the
 * series' own tail at the requested horizon (mean MASE over the folds, each scaled by its training part's
 * seasonal-naive error), and the forecast is the mean of the two best, refitted on the whole history (the best
 * alone when the second's error is over 1.5 times the best's), or the best single family when its backtest error is
 * more than 5 % below that combination's (see {@link #select}).
 * Candidates: naive, seasonal naive, ETS (form by AICc), Theta, dynamic optimised Theta ({@link OptimisedTheta}),
 * the ensemble (mean of ETS and Theta; in a combination it counts as its two members), and {@link Mstl} when
 * multi-seasonal periods are given and the history holds two cycles of one. Long histories: the single-cycle
 * families fit the latest max(500, 5m) values, MSTL five of its longest usable cycle ({@link #MAX_HISTORY}).
 * Seasonal naive replaces the
 * combination when it has the lower backtest error, so by construction the result is never worse than seasonal
 * naive on its own backtest. A series too short for any fold gets the ensemble (under 8 values: Theta).
 *
 * <p>Folds: origins {@code n − h − i·step} for i = 0..folds−1 with {@code step = max(1, h/2)}, each keeping at
 * least {@code max(2m, 8)} values for fitting. Intervals: split-conformal from the chosen forecast's own
 * cross-validation errors (absolute errors divided by k^p at step k, their {@code level} quantile with the
 * finite-sample correction, times k^p; p in [0.5, 1] from how the backtest errors grow with k, see
 * {@link #growthExponent}); under 30 errors widened to the families' own bounds where those are wider, and the
 * families' own bounds alone under 10.
 *
 * <p>ETS in the folds (the cost of auto: up to 15 forms, each a Nelder-Mead fit): from 200 values on, every form
 * is fitted on the earliest fold's training part, the lowest AICc there is refitted on the later folds, each warm-started from
 * the previous fold, and the whole-history fit starts every form from its earliest-fold parameters. No fold sees
 * its own test values (the form is chosen on data before every origin). On the whole history only the forms
 * within 10 AICc of the earliest fold's best are fitted again. MSTL's non-seasonal ETS is treated the same way.
 * {@link #reselectingFormsPerFold()} keeps the former rule (every form on every fold, cold starts) as the speed baseline.
 */
public final class AutoForecaster implements SeriesModel {

    private final int horizon;
    private final int folds;
    private final double[] periods;
    private final boolean formsPerFold;
    /**
     * From this length on, ETS's form is chosen on the earliest fold only (see the class comment). Shorter series
     * choose it on every fold: there the earliest fold can be half the series, too short to choose a form for
     * the others (M3 yearly MASE 2.84 against 2.76), and fitting every form costs little.
     */
    private static final int LONG_SERIES = 200;
    /**
     * Under this many backtest errors (e.g. 3 folds × h = 6 for yearly data) the conformal 80 % quantile rests on
     * at most 6 errors above it: the families' own bounds widen it where they are wider. With more, conformal alone
     * (the families' bounds are far too wide on long seasonal series: Walmart coverage 0.97, bike 1.00).
     */
    private static final int FEW_ERRORS = 30;
    /** ETS forms further than this AICc from the earliest fold's best are not refitted on the whole history. */
    private static final double PLAUSIBLE_AICC = 10;

    public AutoForecaster(int horizon) {
        this(horizon, 3);
    }

    public AutoForecaster(int horizon, int folds) {
        this(horizon, folds, new double[0]);
    }

    /**
     * @param periods the cycles of a multi-seasonal series (e.g. 24 and 168 for hourly data): when the history
     *                holds two cycles of one of them, {@link Mstl} is a candidate too
     */
    public AutoForecaster(int horizon, int folds, double... periods) {
        this(horizon, folds, false, periods);
    }

    private AutoForecaster(int horizon, int folds, boolean formsPerFold, double... periods) {
        if (horizon < 1 || folds < 1) {
            throw new IllegalArgumentException("horizon and folds must be at least 1");
        }
        this.horizon = horizon;
        this.folds = folds;
        this.periods = periods.clone();
        this.formsPerFold = formsPerFold;
    }

    /**
     * The former, slower rule: ETS's form chosen again by AICc among every form on every fold, all fits from cold
     * starts (about twice the ETS fits). Kept as the baseline EngineSpeedBench measures against.
     */
    public AutoForecaster reselectingFormsPerFold() {
        return new AutoForecaster(horizon, folds, true, periods);
    }

    /** Auto for data of this spacing: its seasonal period, and MSTL with both cycles for hourly and daily data. */
    public static AutoForecaster forFrequency(int horizon, Frequency f) {
        return f.secondPeriod() > 0
                ? new AutoForecaster(horizon, 3, f.exactPeriod(), f.secondPeriod())
                : new AutoForecaster(horizon);
    }

    @Override
    public String name() {
        return "auto";
    }

    /**
     * The families are fitted on at most this many of the latest values, or five of the longest cycles if more
     * (MSTL on daily data: 1,826 days). Why: on a long history the local models' one-off estimates (Theta's
     * least-squares slope, ETS's initial states) are dominated by decades-old data — issue 17's weekly series
     * ended on a trend fitted on the whole history — and the cost of every fit grows with the length (a 2,000-week
     * series: about 4× the fitting time).
     */
    static final int MAX_HISTORY = 500;

    /**
     * The values before {@code end} the single-cycle families (naive, ETS, Theta) fit on: the latest
     * max(500, 5m); MSTL keeps the longer window of its longest cycle.
     */
    static double[] local(double[] y, int end, int period) {
        int keep = Math.max(MAX_HISTORY, 5 * period);
        return end <= keep && end == y.length ? y : Arrays.copyOfRange(y, Math.max(0, end - keep), end);
    }

    /**
     * How many of the latest of n values auto fits on (see {@link #MAX_HISTORY}): five of the longest cycle that
     * the history holds twice before the last fold (MSTL's cycles: a yearly cycle on daily data needs 2 × 365.25
     * days, so a 730-day series is fitted on its latest 500 with the weekly cycle only).
     */
    int window(int n, int period) {
        double longest = period;
        for (double p : periods) {
            if (2 * p <= n - horizon) {
                longest = Math.max(longest, p);
            }
        }
        return (int) Math.max(MAX_HISTORY, Math.ceil(5 * longest));
    }

    @Override
    public Fitted fit(double[] series, int period) {
        SeriesModel.check(series);
        int keep = window(series.length, period);
        double[] y = series.length > keep ? Arrays.copyOfRange(series, series.length - keep, series.length) : series;
        int n = y.length;
        if (n < 8) { // too short for ETS's parameters and for any fold: SES with drift
            FittedSeries theta = new Theta().fit(y, period);
            return new Fitted("theta", theta, Map.of(), new double[0], 0.5, 0, theta.describe());
        }
        int step = Math.max(1, horizon / 2);
        int minTrain = Math.max(2 * period, 8);
        List<Integer> origins = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            int origin = n - horizon - i * step;
            if (origin < minTrain) {
                break;
            }
            origins.add(origin);
        }
        // ETS per fold, earliest fold first (see the class comment): all forms there, its best form later on.
        Ets.Fitted[] etsFolds = new Ets.Fitted[origins.size()];
        Map<Ets.Spec, Ets.Fitted> warm = new LinkedHashMap<>();
        boolean shortcut = !formsPerFold && n >= LONG_SERIES;
        if (shortcut && !origins.isEmpty()) {
            int earliest = origins.size() - 1;
            double[] train = local(y, origins.get(earliest), period);
            List<Ets.Fitted> forms = Ets.fitForms(train, period, Ets.candidates(train, period), Map.of(), true);
            for (Ets.Fitted f : forms) {
                warm.put(f.spec(), f);
            }
            Ets.Fitted previous = Ets.best(forms, train);
            etsFolds[earliest] = previous;
            for (int i = earliest - 1; i >= 0; i--) {
                double[] longer = local(y, origins.get(i), period);
                previous = Ets.of(previous.spec()).fit(longer, period, Map.of(previous.spec(), previous));
                etsFolds[i] = previous;
            }
        }
        double[] recent = local(y, n, period);
        // The whole history: only the forms within 10 AICc of the earliest fold's best (weight < 1 % there).
        Ets.Fitted ets = formsPerFold
                ? Ets.autoCold().fit(recent, period)
                : !shortcut
                        ? Ets.auto().fit(recent, period)
                        : warm.isEmpty()
                                ? Ets.auto().fit(recent, period)
                                : Ets.auto()
                                        .fit(
                                                recent,
                                                period,
                                                warm,
                                                Ets.plausible(
                                                        recent, period, List.copyOf(warm.values()), PLAUSIBLE_AICC));
        Map<String, FittedSeries> full = new LinkedHashMap<>();
        full.put("naive", Naive.naive().fit(recent, period));
        full.put("snaive", Naive.seasonal().fit(recent, period));
        full.put("ets", ets);
        FittedSeries theta = new Theta().fit(recent, period);
        full.put("theta", theta);
        // DOTM per fold, earliest first, each warm-started from the fold before; the whole history last
        OptimisedTheta.Fitted[] dotmFolds = new OptimisedTheta.Fitted[origins.size()];
        OptimisedTheta.Fitted dotmPrevious = null;
        for (int i = origins.size() - 1; i >= 0; i--) {
            dotmPrevious = OptimisedTheta.dynamic().fit(local(y, origins.get(i), period), period, dotmPrevious);
            dotmFolds[i] = dotmPrevious;
        }
        full.put("dotm", OptimisedTheta.dynamic().fit(recent, period, dotmPrevious));
        full.put("ensemble", Ensemble.of(List.of(ets, theta)));
        Mstl mstl = periods.length == 0 ? null : new Mstl(periods);
        boolean withMstl = mstl != null && !mstl.usable(n - horizon).isEmpty();
        // MSTL's non-seasonal ETS in the folds as ETS's above: forms chosen on the earliest fold, warm elsewhere.
        FittedSeries[] mstlFolds = new FittedSeries[origins.size()];
        Map<Ets.Spec, Ets.Fitted> mstlWarm = new LinkedHashMap<>();
        if (withMstl && shortcut && !origins.isEmpty()) {
            int earliest = origins.size() - 1;
            Ets.Fitted[] previous = new Ets.Fitted[1];
            mstlFolds[earliest] = mstl.fit(Arrays.copyOf(y, origins.get(earliest)), period, adjusted -> {
                List<Ets.Fitted> forms = Ets.fitForms(adjusted, 1, Ets.candidates(adjusted, 1), Map.of(), true);
                forms.forEach(f -> mstlWarm.put(f.spec(), f));
                previous[0] = Ets.best(forms, adjusted);
                return previous[0];
            });
            for (int i = earliest - 1; i >= 0; i--) {
                mstlFolds[i] = mstl.fit(Arrays.copyOf(y, origins.get(i)), period, adjusted -> {
                    Ets.Spec spec = previous[0].spec();
                    previous[0] = Ets.of(spec).fit(adjusted, 1, Map.of(spec, previous[0]));
                    return previous[0];
                });
            }
        }
        if (withMstl) {
            full.put(
                    "mstl",
                    mstlWarm.isEmpty()
                            ? mstl.fit(y, period)
                            : mstl.fit(
                                    y,
                                    period,
                                    adjusted -> Ets.auto()
                                            .fit(
                                                    adjusted,
                                                    1,
                                                    mstlWarm,
                                                    Ets.plausible(
                                                            adjusted,
                                                            1,
                                                            List.copyOf(mstlWarm.values()),
                                                            PLAUSIBLE_AICC))));
        }

        Map<String, SeriesModel> perFold = new LinkedHashMap<>();
        perFold.put("naive", Naive.naive());
        perFold.put("snaive", Naive.seasonal());
        perFold.put("ets", formsPerFold ? Ets.autoCold() : Ets.auto()); // where etsFolds has none
        perFold.put("theta", new Theta());
        perFold.put("dotm", OptimisedTheta.dynamic());
        if (withMstl) {
            perFold.put("mstl", mstl);
        }
        List<String> names = new ArrayList<>(full.keySet());
        List<Map<String, double[]>> foldMeans = new ArrayList<>();
        for (int i = 0; i < origins.size(); i++) {
            double[] train = Arrays.copyOf(y, origins.get(i));
            Map<String, double[]> means = new LinkedHashMap<>();
            for (Map.Entry<String, SeriesModel> e : perFold.entrySet()) {
                FittedSeries fitted = e.getKey().equals("ets") && etsFolds[i] != null
                        ? etsFolds[i]
                        : e.getKey().equals("dotm")
                                ? dotmFolds[i]
                                : e.getKey().equals("mstl") && mstlFolds[i] != null
                                        ? mstlFolds[i]
                                        : e.getValue()
                                                .fit(
                                                        e.getKey().equals("mstl")
                                                                ? train
                                                                : local(y, origins.get(i), period),
                                                        period);
                means.put(e.getKey(), fitted.pointForecast(horizon));
            }
            means.put("ensemble", average(List.of(means.get("ets"), means.get("theta"))));
            foldMeans.add(means);
        }
        Map<String, Double> cv = new LinkedHashMap<>();
        if (origins.isEmpty()) {
            return new Fitted(
                    "ensemble",
                    full.get("ensemble"),
                    cv,
                    new double[0],
                    0.5,
                    0,
                    full.get("ensemble").describe());
        }
        for (String name : names) {
            cv.put(name, cvError(y, period, origins, foldMeans, List.of(name)));
        }
        Selection sel = select(y, period, origins, foldMeans, names, cv);
        List<String> top = sel.top();
        List<String> members = sel.members();
        double combo = sel.error();
        cv.put("combination", combo);
        String chosen = "combination";
        if (cv.get("snaive") < combo) { // never worse than seasonal naive on its own backtest
            chosen = "snaive";
            members = List.of("snaive");
        }
        List<FittedSeries> parts = new ArrayList<>();
        for (String m : members) {
            parts.add(full.get(m));
        }
        java.util.Set<String> forms = new java.util.LinkedHashSet<>();
        for (FittedSeries p : parts) {
            forms.add(p.describe());
        }
        FittedSeries model = parts.size() == 1 ? parts.get(0) : Ensemble.of(parts);
        String label = chosen.equals("snaive") ? "snaive" : String.join("+", top);
        double[][] abs = new double[origins.size()][horizon];
        for (int f = 0; f < origins.size(); f++) {
            double[] mean = combined(foldMeans.get(f), members);
            for (int k = 0; k < horizon; k++) {
                abs[f][k] = Math.abs(y[origins.get(f) + k] - mean[k]);
            }
        }
        double growth = growthExponent(abs);
        double[] residuals = new double[origins.size() * horizon];
        for (int f = 0; f < origins.size(); f++) {
            for (int k = 0; k < horizon; k++) {
                residuals[f * horizon + k] = abs[f][k] / Math.pow(k + 1, growth);
            }
        }
        return new Fitted(label, model, cv, residuals, growth, origins.size(), String.join(", ", forms));
    }

    record Selection(List<String> top, List<String> members, double error) {}

    /**
     * The forecast auto uses: the mean of the two best candidates by backtest error (the ensemble counts as its
     * two members, so "ensemble + theta" weighs theta 3/4: on few folds a single winner is mostly noise, a
     * combination of the best few is not, the M4 lesson), or the best alone when the second's error is over 1.5×
     * the best's; then the best single family replaces that combination when its own backtest error is more than
     * 5 % below the combination's (e.g. MSTL, the only family with a yearly cycle on daily data, whose average with
     * any other family is worse on the backtest of nearly every store-item series).
     */
    Selection select(
            double[] y,
            int period,
            List<Integer> origins,
            List<Map<String, double[]>> foldMeans,
            List<String> names,
            Map<String, Double> cv) {
        List<String> ranked = new ArrayList<>(names);
        ranked.sort((p, q) -> Double.compare(cv.get(p), cv.get(q)));
        List<String> top =
                cv.get(ranked.get(1)) > 1.5 * cv.get(ranked.get(0)) ? ranked.subList(0, 1) : ranked.subList(0, 2);
        List<String> members = expand(top);
        double error = cvError(y, period, origins, foldMeans, members);
        String best = ranked.get(0).equals("ensemble") ? ranked.get(1) : ranked.get(0);
        if (top.size() > 1 && cv.get(best) < SINGLE_MARGIN * error) {
            return new Selection(List.of(best), List.of(best), cv.get(best));
        }
        return new Selection(List.copyOf(top), members, error);
    }

    /** A single family replaces the combination when its backtest error is below this share of the combination's. */
    static final double SINGLE_MARGIN = 0.95;

    /**
     * How the backtest error grows with the step k: |e| ∝ k^p, p the least-squares slope of log(mean |e| at step
     * k) on log k, kept within [0.5, 1]: 0.5 is a random walk's √k (the former fixed rule), 1 the linear growth of
     * a misestimated trend, which √k under-covers at long steps (short yearly series). 0.5 when h < 3.
     */
    static double growthExponent(double[][] abs) {
        int h = abs.length == 0 ? 0 : abs[0].length;
        if (h < 3) {
            return 0.5;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int count = 0;
        for (int k = 0; k < h; k++) {
            double m = 0;
            for (double[] fold : abs) {
                m += fold[k] / abs.length;
            }
            if (m > 0) {
                double lx = Math.log(k + 1);
                double ly = Math.log(m);
                sx += lx;
                sy += ly;
                sxx += lx * lx;
                sxy += lx * ly;
                count++;
            }
        }
        if (count < 3) {
            return 0.5;
        }
        double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
        return Double.isFinite(slope) ? Math.max(0.5, Math.min(1, slope)) : 0.5;
    }

    private static List<String> expand(List<String> members) {
        List<String> out = new ArrayList<>();
        for (String m : members) {
            if (m.equals("ensemble")) {
                out.add("ets");
                out.add("theta");
            } else {
                out.add(m);
                out.add(m);
            }
        }
        return out;
    }

    private static double[] combined(Map<String, double[]> means, List<String> members) {
        List<double[]> parts = new ArrayList<>();
        for (String m : members) {
            parts.add(means.get(m));
        }
        return average(parts);
    }

    private static double[] average(List<double[]> parts) {
        double[] out = new double[parts.get(0).length];
        for (double[] p : parts) {
            for (int k = 0; k < out.length; k++) {
                out[k] += p[k] / parts.size();
            }
        }
        return out;
    }

    /** Mean over folds of the MASE of the members' averaged forecast. */
    private double cvError(
            double[] y,
            int period,
            List<Integer> origins,
            List<Map<String, double[]>> foldMeans,
            List<String> members) {
        double total = 0;
        for (int f = 0; f < origins.size(); f++) {
            int origin = origins.get(f);
            double[] mean = combined(foldMeans.get(f), members);
            double abs = 0;
            for (int k = 0; k < horizon; k++) {
                abs += Math.abs(y[origin + k] - mean[k]);
            }
            total += abs / horizon / maseScale(Arrays.copyOf(y, origin), period);
        }
        return total / origins.size();
    }

    /** In-sample mean absolute seasonal (lag m, or 1 when the series is too short) difference; 1 when zero. */
    static double maseScale(double[] y, int m) {
        int lag = m > 1 && y.length > m ? m : 1;
        double s = 0;
        for (int t = lag; t < y.length; t++) {
            s += Math.abs(y[t] - y[t - lag]);
        }
        s /= Math.max(1, y.length - lag);
        return s > 0 ? s : 1;
    }

    /** The chosen family fitted on the whole history, with every candidate's backtest error. */
    public static final class Fitted implements FittedSeries {
        private final String chosen;
        private final FittedSeries model;
        private final Map<String, Double> candidates;
        private final double[] residuals;
        private final double growth;
        private final int folds;
        private final String forms;

        Fitted(
                String chosen,
                FittedSeries model,
                Map<String, Double> candidates,
                double[] residuals,
                double growth,
                int folds,
                String forms) {
            this.growth = growth;
            this.forms = forms;
            this.chosen = chosen;
            this.model = model;
            this.candidates = new LinkedHashMap<>(candidates);
            this.residuals = residuals;
            this.folds = folds;
        }

        /**
         * What was used: {@code snaive}, the two combined candidates joined by {@code +} (e.g. {@code ets+theta},
         * {@code ensemble+naive}), or {@code ensemble} when the series was too short for a fold.
         */
        public String chosen() {
            return chosen;
        }

        /**
         * Mean cross-validated MASE per candidate family, and of the {@code combination} of the best two (empty when
         * the series was too short for a fold).
         */
        public Map<String, Double> candidates() {
            return new LinkedHashMap<>(candidates);
        }

        /** Backtest error (mean MASE) of what is used; NaN when the series was too short for a fold. */
        public double backtestError() {
            return candidates.getOrDefault(chosen.equals("snaive") ? "snaive" : "combination", Double.NaN);
        }

        public int folds() {
            return folds;
        }

        /** The exponent p of the intervals' growth with the step k (width ∝ k^p), from the backtest errors. */
        public double intervalGrowth() {
            return growth;
        }

        public FittedSeries model() {
            return model;
        }

        @Override
        public String describe() {
            return "auto: " + chosen + " (" + forms + ")";
        }

        @Override
        public SeriesForecast predict(int horizon, double level) {
            if (residuals.length < 10) {
                boolean few = residuals.length < FEW_ERRORS;
                // with many errors the families' own (possibly simulated) bounds are not needed
                SeriesForecast own = few
                        ? model.predict(horizon, level)
                        : new SeriesForecast(chosen, model.pointForecast(horizon), null, null);
                return new SeriesForecast(chosen, own.mean(), own.lower(), own.upper());
            }
            boolean few = residuals.length < FEW_ERRORS;
            // with many errors the families' own (possibly simulated) bounds are not needed
            SeriesForecast own = few
                    ? model.predict(horizon, level)
                    : new SeriesForecast(chosen, model.pointForecast(horizon), null, null);
            double[] sorted = residuals.clone();
            Arrays.sort(sorted);
            // split-conformal quantile with the finite-sample correction ceil((n+1)·level)/n
            int rank = Math.min(sorted.length - 1, (int) Math.ceil((sorted.length + 1) * level) - 1);
            double q = sorted[Math.max(0, rank)];
            double[] lo = new double[horizon];
            double[] hi = new double[horizon];
            for (int k = 0; k < horizon; k++) {
                double w = q * Math.pow(k + 1, growth);
                // few errors: the wider of the conformal and the families' own bounds (each alone under-covers)
                lo[k] = few ? Math.min(own.mean()[k] - w, own.lower()[k]) : own.mean()[k] - w;
                hi[k] = few ? Math.max(own.mean()[k] + w, own.upper()[k]) : own.mean()[k] + w;
            }
            return new SeriesForecast(chosen, own.mean(), lo, hi);
        }
    }
}
