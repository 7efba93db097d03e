package io.retailpulse.forecasting.runs;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.config.RunRegressorsConfig;
import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.ExternalRegressor;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.Frequency;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.RegressionForecaster;
import io.retailpulse.forecasting.model.Regressor;
import io.retailpulse.forecasting.model.RegressorBacktest;
import io.retailpulse.forecasting.model.SeriesForecast;
import io.retailpulse.forecasting.model.SeriesModel;
import io.retailpulse.forecasting.signals.RegressorValues;
import io.retailpulse.forecasting.signals.SignalReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Regressors in forecast runs: which ones a run uses (its request, else {@code pulse.forecasting.runs.regressors}),
 * their values for a work item's pairs (one query per regressor for the whole item, {@link SignalReads}), and per
 * pair the rolling-origin backtest of the run's model without and with each regressor ({@link RegressorBacktest}, 3
 * folds of the run's horizon, as the ad-hoc endpoint's). The forecast uses the regressors of the lowest backtest error
 * (none, one alone, or all), as the ad-hoc {@code auto} does; otherwise the run's own forecast stands. A pair whose
 * regressor has no values falls back to no regressor, with the reason recorded; it never fails the run.
 */
@ApplicationScoped
public class RunRegressors {
    private static final Logger LOG = Logger.getLogger(RunRegressors.class);
    static final int FOLDS = 3;
    /** Folds of a backtest over a lagged signal's reach (cost bound: two fits per regressor and fold). */
    static final int MAX_FOLDS = 30;
    /** Days with a value a regressor needs in a pair's history to be backtested (two weeks: a few are noise). */
    static final int MIN_KNOWN_DAYS = 14;

    private static final int PERIOD = Frequency.DAILY.period();

    /** One pair's result for one regressor ({@code forecast_run_regressor}). */
    public record Outcome(
            SeriesKey key,
            RunRegressor regressor,
            int knownDays,
            Double backtestWith,
            Double backtestWithout,
            Boolean helps,
            boolean used,
            int backtestDays,
            String note) {}

    /** The pair's forecast (with regressors when they won the backtest) and one outcome per regressor. */
    public record Applied(PairForecast forecast, List<Outcome> outcomes) {}

    private final ModelSettings settings;
    private final PairForecaster forecaster;
    private final SignalReads reads;
    private final List<RunRegressor> defaults;

    public RunRegressors(
            RunRegressorsConfig config, ModelSettings settings, PairForecaster forecaster, SignalReads reads) {
        this.settings = settings;
        this.forecaster = forecaster;
        this.reads = reads;
        List<RunRegressor> configured = new ArrayList<>();
        config.regressors()
                .forEach((name, r) -> configured.add(new RunRegressor(
                        name,
                        r.source(),
                        r.lag(),
                        r.future(),
                        r.scope().orElse(null),
                        r.product().orElse(null),
                        r.store().orElse(null),
                        r.reason().orElse(null))));
        try {
            this.defaults =
                    unique(configured.stream().map(RunRegressor::checked).toList());
        } catch (ProblemException e) {
            throw new IllegalArgumentException("pulse.forecasting.runs.regressors: " + e.getMessage(), e);
        }
    }

    /** The configured regressors (empty: none). */
    public List<RunRegressor> defaults() {
        return defaults;
    }

    /**
     * The regressors of a run asked for with {@code requested} (null: the configured ones), checked; a name alone
     * names a configured one. 400 problems for an unknown name, a bad source, lag, future or scope, a name twice.
     */
    public List<RunRegressor> resolve(List<RunRegressor> requested) {
        if (requested == null) {
            return defaults;
        }
        List<RunRegressor> out = new ArrayList<>();
        for (RunRegressor r : requested) {
            if (r == null) {
                throw ProblemException.badRequest("a regressor of the run is null");
            }
            if (r.nameOnly() && r.name() != null) {
                out.add(defaults.stream()
                        .filter(d -> d.name().equals(r.name().trim()))
                        .findFirst()
                        .orElseThrow(() -> ProblemException.badRequest("unknown regressor '" + r.name()
                                + "': give its source (one of " + String.join(", ", RegressorValues.SOURCES)
                                + ") or configure it in pulse.forecasting.runs.regressors (configured: "
                                + (defaults.isEmpty()
                                        ? "none"
                                        : String.join(
                                                ", ",
                                                defaults.stream()
                                                        .map(RunRegressor::name)
                                                        .toList()))
                                + ")")));
            } else {
                out.add(r.checked());
            }
        }
        return unique(out);
    }

    private static List<RunRegressor> unique(List<RunRegressor> list) {
        Set<String> names = new LinkedHashSet<>();
        for (RunRegressor r : list) {
            if (!names.add(r.name())) {
                throw ProblemException.badRequest("regressor " + r.name() + " is named twice");
            }
        }
        return List.copyOf(list);
    }

    /** 400 when a signal regressor names no stored external series (checked before the run is created). */
    public Uni<List<RunRegressor>> requireSignals(List<RunRegressor> regressors) {
        Set<String> signals = new LinkedHashSet<>();
        regressors.stream().filter(r -> r.source().equals("signal")).forEach(r -> signals.add(r.name()));
        if (signals.isEmpty()) {
            return Uni.createFrom().item(regressors);
        }
        return reads.signalsPresent(signals).map(present -> {
            signals.removeAll(present);
            if (!signals.isEmpty()) {
                throw ProblemException.badRequest("no external series named " + String.join(", ", signals)
                        + " (POST /api/v1/signals stores one); a signal regressor is read by its name");
            }
            return regressors;
        });
    }

    /**
     * The regressors' values per pair and regressor name for a work item's series, over their days and the horizon.
     * One query per regressor for all the pairs; nothing at all without regressors.
     */
    public Uni<Map<SeriesKey, Map<String, Map<LocalDate, Double>>>> read(
            List<RunRegressor> regressors, Collection<DailySeries> series) {
        Map<SeriesKey, Map<String, Map<LocalDate, Double>>> out = new HashMap<>();
        if (regressors.isEmpty() || series.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        LocalDate from = series.stream()
                .map(DailySeries::first)
                .min(LocalDate::compareTo)
                .orElseThrow();
        LocalDate to = series.stream()
                .map(DailySeries::last)
                .max(LocalDate::compareTo)
                .orElseThrow()
                .plusDays(settings.horizonDays());
        List<SignalReads.Subject> subjects = series.stream()
                .map(s -> new SignalReads.Subject(s.key().storeId(), s.key().productId()))
                .toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RunRegressor r : regressors) {
            chain = chain.chain(() -> reads.read(r.signal(), subjects, from, to)
                            .invoke(bySubject -> bySubject.forEach((subject, values) -> out.computeIfAbsent(
                                            new SeriesKey(subject.storeId(), subject.productId()), k -> new HashMap<>())
                                    .put(r.name(), values))))
                    .replaceWithVoid();
        }
        return chain.replaceWith(out);
    }

    /**
     * CPU work (call on a fitting thread): the pair's with/without backtest per regressor, and its forecast with the
     * regressors of the lowest backtest error when that is not "none". Any failure here leaves the run's own
     * forecast in place and records why.
     */
    public Applied apply(
            DailySeries s,
            PairForecast base,
            List<RunRegressor> regressors,
            Map<String, Map<LocalDate, Double>> values) {
        int n = s.days();
        int h = settings.horizonDays();
        Map<String, String> notes = new LinkedHashMap<>();
        Map<String, Integer> known = new HashMap<>();
        List<ExternalRegressor> usable = new ArrayList<>();
        for (RunRegressor r : regressors) {
            Map<LocalDate, Double> byDay = values == null ? null : values.get(r.name());
            known.put(r.name(), RegressorValues.knownDays(byDay, s.first(), n));
            double[] grid = RegressorValues.dailyGrid(byDay, s.first(), n, h);
            if (grid == null || constant(grid, n) || known.get(r.name()) < MIN_KNOWN_DAYS) {
                notes.put(
                        r.name(),
                        "too few " + r.source() + " values on the series' days (" + known.get(r.name())
                                + " days with a value" + whose(r, s.key()) + "; at least " + MIN_KNOWN_DAYS
                                + " that vary are needed): forecast without it");
                continue;
            }
            usable.add(new ExternalRegressor(r.name(), grid, r.lagDays(), RegressorValues.fill(r.name(), r.future())));
        }
        if (usable.isEmpty()) {
            return new Applied(base, outcomes(s.key(), regressors, known, null, List.of(), notes, 0));
        }
        double[] y = s.units();
        SeriesModel fill = new AutoForecaster(h);
        int reach = reach(usable, n, h);
        int folds = reach < h ? Math.min(MAX_FOLDS, FOLDS * h / reach) : FOLDS;
        int step = reach < h ? reach : Math.max(1, h / 2);
        try {
            RegressorBacktest.Fitter fitter = settings.prophet()
                    ? prophetFitter(s, fill, false)
                    : RegressorBacktest.statistical(y, PERIOD, forecaster.engineModel(reach), fill);
            RegressorBacktest.Result bt = RegressorBacktest.run(y, usable, PERIOD, reach, folds, step, fitter);
            LOG.debugf("%s: regressor backtest %s", s.key().kafkaKey(), bt);
            if (bt.folds() == 0) {
                usable.forEach(r -> notes.put(
                        r.name(),
                        "the series (" + n + " days) is too short for the regressor backtest: forecast without it"));
                return new Applied(base, outcomes(s.key(), regressors, known, null, List.of(), notes, 0));
            }
            List<ExternalRegressor> use =
                    usable.stream().filter(r -> bt.best().contains(r.name())).toList();
            PairForecast forecast = use.isEmpty() ? base : withRegressors(s, base, use, fill);
            return new Applied(
                    forecast,
                    outcomes(
                            s.key(),
                            regressors,
                            known,
                            bt,
                            use.stream().map(ExternalRegressor::name).toList(),
                            notes,
                            reach));
        } catch (RuntimeException e) {
            LOG.warnf(
                    e, "Regressors of %s failed: forecast without them", s.key().kafkaKey());
            regressors.forEach(
                    r -> notes.putIfAbsent(r.name(), "regressor fit failed (" + e + "): forecast without it"));
            return new Applied(base, outcomes(s.key(), regressors, known, null, List.of(), notes, 0));
        }
    }

    /**
     * Steps after an origin where every usable regressor's value is known (its lag, or its own future values), at
     * most the horizon; the whole horizon when one has none known (lag 0 without future values: it is forecast).
     * The with/without backtest is scored over these steps: past them a lagged signal is itself forecast, and a
     * forecast of a signal that is mostly noise carries no information (the effect is about neutral there), so
     * scoring the whole horizon would drown the steps where the signal can help in steps where it cannot.
     */
    static int reach(List<ExternalRegressor> usable, int n, int horizon) {
        int reach = horizon;
        for (ExternalRegressor r : usable) {
            reach = Math.min(reach, Math.max(0, r.knownAhead(n)));
        }
        return reach == 0 ? horizon : reach;
    }

    private static String whose(RunRegressor r, SeriesKey key) {
        if (r.source().equals("signal")) {
            return " in signal " + r.name();
        }
        String product = r.product() != null ? r.product() : r.scope().equals("store") ? null : key.productId();
        String store = r.store() != null ? r.store() : r.scope().equals("product") ? null : key.storeId();
        return " for" + (product == null ? "" : " product " + product) + (store == null ? "" : " store " + store);
    }

    private static boolean constant(double[] grid, int n) {
        for (int t = 1; t < Math.min(n, grid.length); t++) {
            if (grid[t] != grid[0]) {
                return false;
            }
        }
        return true;
    }

    private static List<Outcome> outcomes(
            SeriesKey key,
            List<RunRegressor> regressors,
            Map<String, Integer> known,
            RegressorBacktest.Result bt,
            List<String> used,
            Map<String, String> notes,
            int reach) {
        List<Outcome> out = new ArrayList<>();
        for (RunRegressor r : regressors) {
            Double with = bt == null || notes.containsKey(r.name())
                    ? null
                    : finite(bt.alone().get(r.name()));
            Double without = bt == null ? null : finite(bt.without());
            out.add(new Outcome(
                    key,
                    r,
                    known.getOrDefault(r.name(), 0),
                    with,
                    with == null ? null : without,
                    with == null || without == null ? null : with < without,
                    used.contains(r.name()),
                    with == null ? 0 : reach,
                    notes.get(r.name())));
        }
        return out;
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /**
     * The Prophet-like model of the run (its options for the series, without pooling) with the known regressors as
     * extra regressors, aligned, lagged and filled; intervals off in the backtest (only the point forecast is
     * scored).
     */
    private RegressorBacktest.Fitter prophetFitter(DailySeries s, SeriesModel fill, boolean intervals) {
        return (origin, regs, horizon) ->
                clip(prophet(s, origin, regs, horizon, fill, intervals).yhat());
    }

    private Forecast prophet(
            DailySeries s, int origin, List<ExternalRegressor> regs, int horizon, SeriesModel fill, boolean intervals) {
        LocalDate first = s.first();
        List<LocalDate> dates = new ArrayList<>(origin);
        for (int i = 0; i < origin; i++) {
            dates.add(first.plusDays(i));
        }
        ModelOptions.Builder options = settings.forSeries(first, first.plusDays(origin - 1L)).toBuilder();
        if (!intervals) {
            options.uncertaintySamples(0);
        }
        Frame history = Frame.ofDates(dates, Arrays.copyOf(s.units(), origin));
        LocalDateTime[] steps = new LocalDateTime[horizon];
        for (int k = 0; k < horizon; k++) {
            steps[k] = first.plusDays((long) origin + k).atStartOfDay();
        }
        Frame future = new Frame(steps, null);
        for (ExternalRegressor r : regs) {
            double[] a = r.aligned(origin + horizon, fill, PERIOD);
            if (constant(a, origin)) {
                continue; // nothing to learn from in this history (a fold before the signal began): as without
            }
            history.withRegressor(r.name(), Arrays.copyOf(a, origin));
            future.withRegressor(r.name(), Arrays.copyOfRange(a, origin, origin + horizon));
            options.addRegressor(Regressor.of(r.name()));
        }
        return new Prophet(options.build()).fit(history).predict(future);
    }

    /** The final forecast with {@code use}: the run's model, the same horizon and intervals. */
    private PairForecast withRegressors(
            DailySeries s, PairForecast base, List<ExternalRegressor> use, SeriesModel fill) {
        int n = s.days();
        int h = settings.horizonDays();
        List<PairForecast.Day> days = new ArrayList<>(h);
        if (settings.prophet()) {
            Forecast f = prophet(s, n, use, h, fill, true);
            double[] yhat = clip(f.yhat());
            double[] lower = clip(f.yhatLower());
            double[] upper = clip(f.yhatUpper());
            for (int i = 0; i < f.size(); i++) {
                Map<String, Double> components = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> c : f.components().entrySet()) {
                    components.put(c.getKey(), c.getValue()[i]);
                }
                days.add(new PairForecast.Day(f.ds()[i].toLocalDate(), yhat[i], lower[i], upper[i], components));
            }
        } else {
            SeriesForecast f = new RegressionForecaster(forecaster.engineModel(h), fill)
                    .fit(s.units(), use, PERIOD, h)
                    .predict(h, settings.intervalWidth());
            double[] yhat = clip(f.mean());
            double[] lower = clip(f.lower());
            double[] upper = clip(f.upper());
            for (int i = 0; i < h; i++) {
                days.add(new PairForecast.Day(
                        s.last().plusDays(i + 1L),
                        yhat[i],
                        Math.min(lower[i], yhat[i]),
                        Math.max(upper[i], yhat[i]),
                        Map.of()));
            }
        }
        // The candidates' errors stay those of the pair's backtest (the regressor's own with/without backtest is
        // in forecast_run_regressor), so a pair that uses a regressor still shows its model choice.
        return new PairForecast(
                base.key(),
                base.trainDays(),
                days,
                base.model(),
                base.naive(),
                base.testDays(),
                base.used(),
                base.candidates());
    }

    private static double[] clip(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(0, v[i]);
        }
        return out;
    }

    /** For logs and the run's row: the names, lower case. */
    static String names(List<RunRegressor> regressors) {
        return String.join(
                ", ",
                regressors.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
    }
}
