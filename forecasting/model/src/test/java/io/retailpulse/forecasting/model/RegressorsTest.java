package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** External regressors with the statistical families: lags, filling, estimation, and the with/without backtest. */
class RegressorsTest {
    static final int N = 280;
    static final int H = 14;

    /** Bursts of a signal (a promotion's depth, a share of negative posts): 0 most days, 2–6 for a few days. */
    static double[] bursts(int n, long seed, int... planted) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int t : planted) { // in the backtest's test windows, so that the folds see the effect
            Arrays.fill(x, t, t + 4, 5);
        }
        for (int t = 0; t < n; t++) {
            if (r.nextDouble() < 0.06 && x[t] == 0) {
                double depth = 2 + 4 * r.nextDouble();
                for (int d = 0; d < 4 && t + d < n; d++) {
                    x[t + d] = depth;
                }
            }
        }
        return x;
    }

    /** Weekly seasonal sales with a level walk, and −8 units per unit of x {@code lag} days earlier. */
    static double[] sales(double[] x, int n, int lag, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++) {
            level += 0.3 * r.nextGaussian();
            y[t] = level + 10 * Math.sin(2 * Math.PI * t / 7) - 8 * x[Math.max(0, t - lag)] + 1.5 * r.nextGaussian();
        }
        return y;
    }

    @Test
    void aLagShiftsTheValuesAndKnowsThatManyMoreFutureSteps() {
        ExternalRegressor r = ExternalRegressor.of("x", new double[] {1, 2, 3, 4, 5})
                .withLag(2)
                .withFill(ExternalRegressor.Fill.HOLD);
        // history of 5 steps, 4 future steps: 2 known through the lag, then held at the last raw value
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 4, 5, 5, 5}, r.aligned(9, null, 1));
        assertEquals(2, r.knownAhead(5));
        // a fold after 3 steps sees the raw values up to step 2 only (2 ahead, as at the real origin)
        assertEquals(3, r.asOf(3, 5).values().length);
    }

    @Test
    void unknownFutureValuesAreForecastByDefaultOrHeld() {
        double[] weekly = new double[70];
        for (int t = 0; t < weekly.length; t++) {
            weekly[t] = t % 7 == 5 ? 10 : 1;
        }
        ExternalRegressor r = ExternalRegressor.of("weekly", weekly);
        assertEquals(ExternalRegressor.Fill.FORECAST, r.fill());
        double[] forecast = r.aligned(84, new AutoForecaster(14), 7);
        double[] held = r.withFill(ExternalRegressor.Fill.HOLD).aligned(84, null, 7);
        assertEquals(10, forecast[75], 0.5, "the forecast keeps the weekly peak (day 75 is a 5 mod 7)");
        assertEquals(weekly[69], held[75]);
    }

    @Test
    void badRegressorsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ExternalRegressor.of("temp", new double[] {1, Double.NaN, 3}));
        assertTrue(e.getMessage().contains("temp"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExternalRegressor.of("short", new double[] {1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ExternalRegressor.of("x", new double[] {1, 2}).withLag(-1));
    }

    @Test
    void theRegressionRecoversAKnownEffect() {
        double[] x = bursts(N + H, 3);
        double[] y = sales(x, N, 0, 4);
        RegressionForecaster.Fitted f =
                RegressionForecaster.auto(H).fit(y, List.of(ExternalRegressor.of("promo", x)), 7, H);
        assertEquals(-8, f.coefficients().get("promo"), 0.8);
    }

    @Test
    void withAKnownRegressorTheBacktestBeatsTheForecastWithout() {
        double[] x = bursts(N + H, 5, N - 20, N - 9);
        double[] y = sales(x, N, 0, 6);
        double[] noise = new Random(7).doubles(N + H).toArray();
        List<ExternalRegressor> regressors =
                List.of(ExternalRegressor.of("promo", x), ExternalRegressor.of("noise", noise));
        RegressorBacktest.Result r = RegressorBacktest.run(
                y,
                regressors,
                7,
                H,
                3,
                RegressorBacktest.statistical(y, 7, new AutoForecaster(H), new AutoForecaster(H)));
        assertEquals(3, r.folds());
        assertTrue(r.alone().get("promo") < 0.8 * r.without(), r.toString());
        assertTrue(r.bestError() < r.without(), r.toString());
        assertTrue(r.best().contains("promo"), r.toString());
        // pure noise does not help much: within a few percent of the error without it
        assertTrue(r.alone().get("noise") > 0.95 * r.without(), r.toString());
    }

    @Test
    void aLeadingSignalHelpsOnlyWithItsLag() {
        // sales react 7 days after the signal, whose own future is unknown: with lag 7 the whole first week of the
        // horizon is known; without the lag its values at the same day explain nothing
        double[] x = bursts(N, 8, N - 23, N - 16);
        double[] y = sales(x, N, 7, 9);
        double[] history = Arrays.copyOf(x, N);
        RegressorBacktest.Fitter fitter =
                RegressorBacktest.statistical(y, 7, new AutoForecaster(7), new AutoForecaster(7));
        RegressorBacktest.Result lagged = RegressorBacktest.run(
                y, List.of(ExternalRegressor.of("neg", history).withLag(7)), 7, 7, 3, fitter);
        RegressorBacktest.Result unlagged =
                RegressorBacktest.run(y, List.of(ExternalRegressor.of("neg", history)), 7, 7, 3, fitter);
        assertTrue(lagged.withAll() < 0.8 * lagged.without(), lagged.toString());
        assertTrue(lagged.withAll() < unlagged.withAll(), lagged + " vs " + unlagged);
    }

    @Test
    void aSeriesTooShortForAFoldReportsNoBacktest() {
        double[] y = {1, 2, 3, 4, 5, 6};
        RegressorBacktest.Result r = RegressorBacktest.run(
                y,
                List.of(ExternalRegressor.of("x", y)),
                1,
                3,
                3,
                RegressorBacktest.statistical(y, 1, Naive.naive(), Naive.naive()));
        assertEquals(0, r.folds());
        assertTrue(Double.isNaN(r.without()));
        assertTrue(r.best().isEmpty());
    }
}
