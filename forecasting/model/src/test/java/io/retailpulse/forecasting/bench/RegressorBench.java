package io.retailpulse.forecasting.bench;

import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.ExternalRegressor;
import io.retailpulse.forecasting.model.Metrics;
import io.retailpulse.forecasting.model.RegressionForecaster;
import io.retailpulse.forecasting.model.RegressorBacktest;
import io.retailpulse.forecasting.model.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Walmart weekly (45 stores, 143 weeks; its holiday flag, temperature, fuel price, CPI and unemployment as
 * regressors): hold-out MASE of the last 13 weeks (the data's suggested split) per store and overall, for
 * <ul>
 *   <li>{@code auto}: the engine's auto, no regressors (the baseline, measured in the same run);</li>
 *   <li>{@code +all known}: {@link RegressionForecaster} with auto and all five regressors, their hold-out values
 *       given (an upper bound: in a real forecast only the holiday flag is known ahead);</li>
 *   <li>{@code +all fcst}: the same with the holiday flag known and the four others forecast by auto from their
 *       history (the honest case; default {@link ExternalRegressor.Fill#FORECAST});</li>
 *   <li>{@code +all hold}: the four held at their last value instead;</li>
 *   <li>{@code selected}: what the ad-hoc endpoint's auto does with regressors: the set of lowest backtest error
 *       on the training weeks (none, each alone, all; {@link RegressorBacktest}), the four forecast.</li>
 * </ul>
 * Also the training backtest's mean MASE without and with each regressor alone (what an ad-hoc answer reports).
 * Run: {@code forecasting/model/bench/run.sh RegressorBench}.
 */
public final class RegressorBench {
    static final int HOLD_OUT = 13;
    static final int PERIOD = 52;
    static final String[] NAMES = {"holiday", "temperature", "fuel_price", "cpi", "unemployment"};

    record Store(String id, double[] y, double[][] x) {}

    private RegressorBench() {}

    public static void main(String[] args) throws Exception {
        Path file = SharedData.root().resolve("forecasting/walmart-weekly/Walmart_Store_sales.csv");
        List<Store> stores = read(file);
        long start = System.nanoTime();
        String[] configs = {"auto", "+all known", "+all fcst", "+all hold", "selected"};
        double[][] mase = new double[stores.size()][];
        double[][] backtest = new double[stores.size()][];
        String[] chosen = new String[stores.size()];
        IntStream.range(0, stores.size()).parallel().forEach(i -> {
            Store s = stores.get(i);
            int n = s.y.length - HOLD_OUT;
            double[] train = Arrays.copyOf(s.y, n);
            double[] test = Arrays.copyOfRange(s.y, n, s.y.length);
            List<ExternalRegressor> known = new ArrayList<>();
            List<ExternalRegressor> fcst = new ArrayList<>();
            List<ExternalRegressor> hold = new ArrayList<>();
            for (int j = 0; j < NAMES.length; j++) {
                ExternalRegressor full = ExternalRegressor.of(NAMES[j], s.x[j]);
                known.add(full);
                // the calendar's holiday flag is known ahead; the covariates are not
                ExternalRegressor cut = j == 0 ? full : ExternalRegressor.of(NAMES[j], Arrays.copyOf(s.x[j], n));
                fcst.add(cut);
                hold.add(j == 0 ? cut : cut.withFill(ExternalRegressor.Fill.HOLD));
            }
            AutoForecaster auto = new AutoForecaster(HOLD_OUT);
            RegressionForecaster reg = RegressionForecaster.auto(HOLD_OUT);
            double[] base = auto.fit(train, PERIOD).pointForecast(HOLD_OUT);
            double[] withKnown = reg.fit(train, known, PERIOD, HOLD_OUT).pointForecast(HOLD_OUT);
            double[] withFcst = reg.fit(train, fcst, PERIOD, HOLD_OUT).pointForecast(HOLD_OUT);
            double[] withHold = reg.fit(train, hold, PERIOD, HOLD_OUT).pointForecast(HOLD_OUT);
            RegressorBacktest.Result bt = RegressorBacktest.run(
                    train,
                    fcst,
                    PERIOD,
                    HOLD_OUT,
                    3,
                    RegressorBacktest.statistical(train, PERIOD, auto, new AutoForecaster(HOLD_OUT)));
            List<ExternalRegressor> best =
                    fcst.stream().filter(r -> bt.best().contains(r.name())).toList();
            double[] selected = best.isEmpty()
                    ? base
                    : reg.fit(train, best, PERIOD, HOLD_OUT).pointForecast(HOLD_OUT);
            chosen[i] = best.isEmpty() ? "none" : String.join("+", bt.best());
            mase[i] = new double[] {
                mase(test, base, train),
                mase(test, withKnown, train),
                mase(test, withFcst, train),
                mase(test, withHold, train),
                mase(test, selected, train)
            };
            double[] b = new double[NAMES.length + 2];
            b[0] = bt.without();
            for (int j = 0; j < NAMES.length; j++) {
                b[j + 1] = bt.alone().get(NAMES[j]);
            }
            b[NAMES.length + 1] = bt.withAll();
            backtest[i] = b;
        });
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Walmart weekly, 45 stores, hold-out %d weeks, MASE (scale: seasonal naive "
                        + "m=52 on the 130 training weeks)%n%-6s",
                HOLD_OUT,
                "store"));
        for (String c : configs) {
            out.append(String.format(Locale.ROOT, " %10s", c));
        }
        out.append("  selected set\n");
        for (int i = 0; i < stores.size(); i++) {
            out.append(String.format(Locale.ROOT, "%-6s", stores.get(i).id));
            for (double v : mase[i]) {
                out.append(String.format(Locale.ROOT, " %10.3f", v));
            }
            out.append("  ").append(chosen[i]).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%-6s", "mean"));
        for (int c = 0; c < configs.length; c++) {
            int cc = c;
            out.append(String.format(
                    Locale.ROOT,
                    " %10.3f",
                    Arrays.stream(mase).mapToDouble(r -> r[cc]).average().orElse(Double.NaN)));
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "%-6s", "median"));
        for (int c = 0; c < configs.length; c++) {
            int cc = c;
            double[] v = Arrays.stream(mase).mapToDouble(r -> r[cc]).sorted().toArray();
            out.append(String.format(Locale.ROOT, " %10.3f", (v[v.length / 2] + v[(v.length - 1) / 2]) / 2));
        }
        out.append('\n');
        for (int c = 1; c < configs.length; c++) {
            int cc = c;
            long better = Arrays.stream(mase).filter(r -> r[cc] < r[0] - 1e-9).count();
            long worse = Arrays.stream(mase).filter(r -> r[cc] > r[0] + 1e-9).count();
            out.append(String.format(
                    Locale.ROOT,
                    "%-10s better than auto on %d stores, worse on %d, equal on %d%n",
                    configs[c],
                    better,
                    worse,
                    stores.size() - better - worse));
        }
        out.append("\nTraining backtest (3 folds of 13 weeks before the hold-out), mean MASE over stores:\n");
        out.append(String.format(Locale.ROOT, "  without %.3f", mean(backtest, 0)));
        for (int j = 0; j < NAMES.length; j++) {
            out.append(String.format(Locale.ROOT, ", %s alone %.3f", NAMES[j], mean(backtest, j + 1)));
        }
        out.append(String.format(Locale.ROOT, ", all %.3f%n", mean(backtest, NAMES.length + 1)));
        Map<String, Long> sets = new TreeMap<>();
        for (String c : chosen) {
            sets.merge(c, 1L, Long::sum);
        }
        out.append("Sets selected by the backtest: ").append(sets).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "%.1f s on %d cores%n",
                (System.nanoTime() - start) / 1e9,
                Runtime.getRuntime().availableProcessors()));
        System.out.print(out);
    }

    static double mean(double[][] rows, int col) {
        return Arrays.stream(rows).mapToDouble(r -> r[col]).average().orElse(Double.NaN);
    }

    static double mase(double[] actual, double[] predicted, double[] train) {
        return Metrics.of(actual, predicted, null, null, train, PERIOD).mase();
    }

    static List<Store> read(Path file) throws Exception {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("dd-MM-yyyy");
        Map<Integer, TreeMap<LocalDate, double[]>> by = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("Store")) {
                continue;
            }
            String[] c = line.split(",");
            double[] row = new double[6];
            for (int j = 0; j < 6; j++) {
                row[j] = Double.parseDouble(c[j + 2]);
            }
            by.computeIfAbsent(Integer.parseInt(c[0]), k -> new TreeMap<>()).put(LocalDate.parse(c[1], f), row);
        }
        List<Store> out = new ArrayList<>();
        by.forEach((id, rows) -> {
            double[][] all = rows.values().toArray(new double[0][]);
            double[] y = new double[all.length];
            double[][] x = new double[NAMES.length][all.length];
            for (int t = 0; t < all.length; t++) {
                y[t] = all[t][0];
                for (int j = 0; j < NAMES.length; j++) {
                    x[j][t] = all[t][j + 1];
                }
            }
            out.add(new Store(String.valueOf(id), y, x));
        });
        return out;
    }
}
