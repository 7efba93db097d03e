package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.Ensemble;
import io.retailpulse.forecasting.model.Ets;
import io.retailpulse.forecasting.model.FittedModel;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.Frequency;
import io.retailpulse.forecasting.model.Metrics;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Naive;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.SeriesForecast;
import io.retailpulse.forecasting.model.SeriesModel;
import io.retailpulse.forecasting.model.Theta;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU work for one store-product (call it on a worker thread): a backtest on the last days held out, beside
 * seasonal naive, then the final fit on the whole series and the forecast with intervals. Units cannot be
 * negative, so forecasts and bounds are clipped at 0. The model is the Prophet-like one ({@code prophet}) or one of
 * the engine's families, the same as {@code POST /api/v1/forecast} uses ({@code pulse.forecasting.runs.model}).
 */
@ApplicationScoped
public class PairForecaster {
    public static final String PROPHET = "prophet";
    public static final List<String> MODELS = List.of(PROPHET, "auto", "ets", "theta", "snaive", "ensemble");

    private final ModelSettings settings;

    public PairForecaster(ModelSettings settings) {
        this.settings = settings;
        if (!MODELS.contains(settings.runModel())) {
            throw new IllegalArgumentException(
                    "pulse.forecasting.runs.model must be one of " + MODELS + ": " + settings.runModel());
        }
        settings.topDown(); // checks the pooling settings at start
    }

    public PairForecast forecast(DailySeries series) {
        return forecast(series, PooledShapes.NONE);
    }

    /** The seasonal coefficients of first-pass fits (backtest and final), to pool them across a run. */
    public void firstPass(DailySeries series, PooledShapes.Accumulator into) {
        int n = series.days();
        int test = settings.backtestDays();
        if (backtests(n)) {
            into.addBacktest(fit(series.first(), Arrays.copyOf(series.units(), n - test), Map.of(), null)
                    .model());
        }
        into.addFinal(fit(series.first(), series.units(), Map.of(), null).model());
    }

    private boolean backtests(int n) {
        int test = settings.backtestDays();
        return test > 0 && n - test >= settings.minHistoryDays();
    }

    public PairForecast forecast(DailySeries series, PooledShapes pooled) {
        return forecast(series, pooled, null);
    }

    /**
     * A total's forecasts for top-down pooling ({@link TopDown}), by the run's engine: from the backtest origin over
     * the hold-out days (empty when the total is too short for a backtest) and from the run's last day over the
     * horizon, clipped at 0, with the total's sums over the share window ending at each origin.
     */
    public TopDown.Total total(DailySeries total, TopDown pooling) {
        int n = total.days();
        int test = settings.backtestDays();
        double[] backtest = new double[0];
        double[] backtestSums = new double[0];
        if (backtests(n)) {
            double[] train = Arrays.copyOf(total.units(), n - test);
            backtest = clip(mean(total.first(), train, test));
            backtestSums = pooling.sums(total, n - test - 1);
        }
        double[] forecast = clip(mean(total.first(), total.units(), settings.horizonDays()));
        return new TopDown.Total(backtest, forecast, backtestSums, pooling.sums(total, n - 1));
    }

    /** The run's engine's mean forecast of {@code h} days after {@code units}. */
    private double[] mean(LocalDate first, double[] units, int h) {
        if (settings.prophet()) {
            return fit(first, units, Map.of(), null).predictAhead(h).yhat();
        }
        return engineModel(h)
                .fit(units, Frequency.DAILY.period())
                .predict(h, settings.intervalWidth())
                .mean();
    }

    /**
     * The pair's forecast; with {@code topDown} (a pooled run: its item's totals) the backtest and the final
     * forecast are the combination with the top-down split, the pair's own model stays a candidate beside it.
     */
    public PairForecast forecast(DailySeries series, PooledShapes pooled, TopDown topDown) {
        if (!settings.prophet()) {
            return engine(series, topDown);
        }
        int n = series.days();
        int test = settings.backtestDays();
        Metrics model = null;
        Metrics naive = null;
        Metrics own = null;
        FittedModel backtest = null;
        if (backtests(n)) {
            double[] train = Arrays.copyOf(series.units(), n - test);
            double[] actual = Arrays.copyOfRange(series.units(), n - test, n);
            Fitted fitted = fit(series.first(), train, pooled.backtest(), null);
            backtest = fitted.model();
            Forecast f = fitted.predictAhead(test);
            double[][] b = pooled(series, topDown, clip(f.yhat()), clip(f.yhatLower()), clip(f.yhatUpper()), true);
            if (topDown != null) {
                own = Metrics.of(
                        actual, clip(f.yhat()), clip(f.yhatLower()), clip(f.yhatUpper()), train, SeasonalNaive.SEASON);
            }
            model = Metrics.of(actual, b[0], b[1], b[2], train, SeasonalNaive.SEASON);
            naive = Metrics.of(actual, SeasonalNaive.forecast(train, test), null, null, train, SeasonalNaive.SEASON);
        }
        // The final fit starts from the backtest's optimum (the same series but its last days): same result within
        // the optimiser's tolerance, fewer iterations.
        Forecast f =
                fit(series.first(), series.units(), pooled.full(), backtest).predictAhead(settings.horizonDays());
        double[][] combined = pooled(series, topDown, clip(f.yhat()), clip(f.yhatLower()), clip(f.yhatUpper()), false);
        double[] yhat = combined[0];
        double[] lower = combined[1];
        double[] upper = combined[2];
        List<PairForecast.Day> days = new ArrayList<>(f.size());
        for (int i = 0; i < f.size(); i++) {
            Map<String, Double> components = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> c : f.components().entrySet()) {
                components.put(c.getKey(), c.getValue()[i]);
            }
            days.add(new PairForecast.Day(f.ds()[i].toLocalDate(), yhat[i], lower[i], upper[i], components));
        }
        if (topDown != null) {
            return pooledForecast(series, days, model, naive, test, PROPHET, own);
        }
        return new PairForecast(
                series.key(), n, days, model, naive, model == null ? 0 : test, PROPHET, holdout(PROPHET, model, naive));
    }

    /** A pooled pair's answer: labelled {@code <used>+top-down}, its own model a candidate beside the combination. */
    private static PairForecast pooledForecast(
            DailySeries series,
            List<PairForecast.Day> days,
            Metrics model,
            Metrics naive,
            int test,
            String used,
            Metrics own) {
        return new PairForecast(
                series.key(),
                series.days(),
                days,
                model,
                naive,
                model == null ? 0 : test,
                label(used),
                pooledCandidates(used, own, model, naive));
    }

    /** The model label of a pooled pair, e.g. {@code prophet+top-down} (32 characters at most, as stored). */
    private static String label(String used) {
        return stored(used + "+" + TopDown.MODE);
    }

    /** A model label as {@code forecast_candidate} and the run's model column store it: 32 characters at most. */
    private static String stored(String label) {
        return label.length() <= 32 ? label : label.substring(0, 32);
    }

    /**
     * A pooled pair's candidates on the run's hold-out: its own model (not chosen), the pooled combination (chosen)
     * and seasonal naive, so the run's {@code modelChoice} shows what pooling gained.
     */
    static List<PairForecast.Candidate> pooledCandidates(String used, Metrics own, Metrics pooled, Metrics naive) {
        if (pooled == null) {
            return List.of();
        }
        String holdout = PairForecast.Candidate.HOLDOUT;
        List<PairForecast.Candidate> out = new ArrayList<>(3);
        String mine = stored(used);
        if (own != null) {
            out.add(new PairForecast.Candidate(mine, holdout, own.mase(), own.smape(), false));
        }
        out.add(new PairForecast.Candidate(label(used), holdout, pooled.mase(), pooled.smape(), true));
        if (naive != null && !used.equals("snaive")) {
            out.add(new PairForecast.Candidate("snaive", holdout, naive.mase(), naive.smape(), false));
        }
        return out;
    }

    /**
     * Mean and bounds combined with the top-down split (the bounds move with the mean: the pair's own interval
     * width is kept); unchanged without pooling.
     */
    private static double[][] pooled(
            DailySeries series, TopDown topDown, double[] yhat, double[] lower, double[] upper, boolean backtest) {
        if (topDown == null) {
            return new double[][] {yhat, lower, upper};
        }
        int end = backtest ? series.days() - yhat.length - 1 : series.days() - 1;
        double[] mean = topDown.combine(series, yhat, end, backtest);
        double[] lo = new double[yhat.length];
        double[] hi = new double[yhat.length];
        for (int i = 0; i < yhat.length; i++) {
            double shift = mean[i] - yhat[i];
            lo[i] = Math.max(0, Math.min(mean[i], lower[i] + shift));
            hi[i] = Math.max(mean[i], upper[i] + shift);
        }
        return new double[][] {mean, lo, hi};
    }

    /** The engine's families on the daily grid (period 7); components are the Prophet-like model's only. */
    private PairForecast engine(DailySeries series, TopDown topDown) {
        int n = series.days();
        int test = settings.backtestDays();
        double level = settings.intervalWidth();
        Metrics model = null;
        Metrics naive = null;
        Metrics own = null;
        if (backtests(n)) {
            double[] train = Arrays.copyOf(series.units(), n - test);
            double[] actual = Arrays.copyOfRange(series.units(), n - test, n);
            SeriesForecast f =
                    engineModel(test).fit(train, Frequency.DAILY.period()).predict(test, level);
            if (topDown != null) {
                own = Metrics.of(actual, clip(f.mean()), clip(f.lower()), clip(f.upper()), train, SeasonalNaive.SEASON);
            }
            double[][] b = pooled(series, topDown, clip(f.mean()), clip(f.lower()), clip(f.upper()), true);
            model = Metrics.of(actual, b[0], b[1], b[2], train, SeasonalNaive.SEASON);
            naive = Metrics.of(actual, SeasonalNaive.forecast(train, test), null, null, train, SeasonalNaive.SEASON);
        }
        int h = settings.horizonDays();
        SeriesModel.FittedSeries fitted = engineModel(h).fit(series.units(), Frequency.DAILY.period());
        SeriesForecast f = fitted.predict(h, level);
        String used = fitted instanceof AutoForecaster.Fitted a ? a.chosen() : settings.runModel();
        double[][] combined = pooled(series, topDown, clip(f.mean()), clip(f.lower()), clip(f.upper()), false);
        double[] yhat = combined[0];
        double[] lower = combined[1];
        double[] upper = combined[2];
        List<PairForecast.Day> days = new ArrayList<>(h);
        LocalDate first = series.last().plusDays(1);
        for (int i = 0; i < h; i++) {
            days.add(new PairForecast.Day(
                    first.plusDays(i), yhat[i], Math.min(lower[i], yhat[i]), Math.max(upper[i], yhat[i]), Map.of()));
        }
        if (topDown != null) {
            return pooledForecast(series, days, model, naive, test, used, own);
        }
        String label = stored(used);
        List<PairForecast.Candidate> candidates =
                fitted instanceof AutoForecaster.Fitted a && !a.candidates().isEmpty()
                        ? crossValidated(a)
                        : holdout(label, model, naive);
        return new PairForecast(series.key(), n, days, model, naive, model == null ? 0 : test, label, candidates);
    }

    /**
     * auto's candidates with their mean cross-validated MASE; the chosen one is the forecast auto used: its
     * {@code combination} when it combined two, else the single family (e.g. {@code snaive}, {@code mstl}).
     */
    static List<PairForecast.Candidate> crossValidated(AutoForecaster.Fitted a) {
        String chosen = a.chosen().contains("+") ? "combination" : a.chosen();
        List<PairForecast.Candidate> out = new ArrayList<>();
        a.candidates()
                .forEach((name, mase) -> out.add(new PairForecast.Candidate(
                        name, PairForecast.Candidate.CROSS_VALIDATION, mase, Double.NaN, name.equals(chosen))));
        return out;
    }

    /** A fixed model beside seasonal naive on the run's hold-out backtest; none without a backtest. */
    static List<PairForecast.Candidate> holdout(String used, Metrics model, Metrics naive) {
        if (model == null) {
            return List.of();
        }
        String holdout = PairForecast.Candidate.HOLDOUT;
        List<PairForecast.Candidate> out = new ArrayList<>(2);
        out.add(new PairForecast.Candidate(used, holdout, model.mase(), model.smape(), true));
        if (naive != null && !used.equals("snaive")) {
            out.add(new PairForecast.Candidate("snaive", holdout, naive.mase(), naive.smape(), false));
        }
        return out;
    }

    SeriesModel engineModel(int horizon) {
        return switch (settings.runModel()) {
            case "auto" -> AutoForecaster.forFrequency(horizon, Frequency.DAILY);
            case "ets" -> Ets.auto();
            case "theta" -> new Theta();
            case "snaive" -> Naive.seasonal();
            case "ensemble" -> Ensemble.etsTheta();
            default -> throw new IllegalStateException("not an engine family: " + settings.runModel());
        };
    }

    private Fitted fit(LocalDate first, double[] units, Map<String, double[]> pooledMeans, FittedModel warmStart) {
        List<LocalDate> dates = new ArrayList<>(units.length);
        for (int i = 0; i < units.length; i++) {
            dates.add(first.plusDays(i));
        }
        LocalDate last = dates.get(dates.size() - 1);
        ModelOptions options = settings.forSeries(first, last);
        if (!pooledMeans.isEmpty()) {
            options = options.toBuilder()
                    .pooledPriorMeans(compatible(options, pooledMeans))
                    .pooledPriorScale(settings.pooledPriorScale())
                    .build();
        }
        FittedModel m = new Prophet(options).fit(Frame.ofDates(dates, units), warmStart);
        return new Fitted(m);
    }

    private record Fitted(FittedModel model) {
        Forecast predictAhead(int days) {
            return model.predict(model.makeFutureFrame(days, new LocalDateTime[0], false));
        }
    }

    /** Only the pooled shapes this series has with the same order (a short series has no yearly term). */
    private static Map<String, double[]> compatible(ModelOptions options, Map<String, double[]> means) {
        Map<String, double[]> out = new LinkedHashMap<>();
        int yearly = options.yearly() > 0 ? options.yearly() : 0;
        means.forEach((name, m) -> {
            int order = name.equals("yearly") ? yearly : name.equals("weekly") ? 3 : 0;
            if (order > 0 && m.length == 2 * order) {
                out.put(name, m);
            }
        });
        return out;
    }

    private static double[] clip(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(0, v[i]);
        }
        return out;
    }
}
