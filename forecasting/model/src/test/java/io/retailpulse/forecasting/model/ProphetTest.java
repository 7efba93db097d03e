package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the model on synthetic series whose true structure is known. */
class ProphetTest {
    private static final LocalDate START = LocalDate.of(2020, 1, 1);

    private static List<LocalDate> days(int n) {
        List<LocalDate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(START.plusDays(i));
        }
        return out;
    }

    private static double weekly(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY ? 8 : d.getDayOfWeek() == DayOfWeek.SUNDAY ? 5 : -2.6;
    }

    /** 100 + 0.05 t + weekend bump + N(0, 1). */
    private static double[] series(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 100 + 0.05 * i + weekly(START.plusDays(i)) + r.nextGaussian();
        }
        return y;
    }

    @Test
    void recoversTrendAndWeeklySeasonalityAndForecastsThem() {
        int n = 400;
        double[] y = series(n + 28, 1);
        FittedModel m = new Prophet().fit(Frame.ofDates(days(n), java.util.Arrays.copyOf(y, n)));
        Forecast f = m.predict(m.makeFutureFrame(28, new LocalDateTime[0], false));
        double err = 0;
        for (int i = 0; i < 28; i++) {
            LocalDate d = START.plusDays(n + i);
            double truth = 100 + 0.05 * (n + i) + weekly(d);
            err += Math.abs(f.yhat()[i] - truth);
            // The weekly component is the weekend bump up to a constant (trend absorbs the level).
            assertEquals(
                    weekly(d) - weekly(START.plusDays(n)), f.component("weekly")[i] - f.component("weekly")[0], 0.6);
        }
        assertTrue(err / 28 < 0.6, "mean error to the noiseless truth " + err / 28);
        assertFalse(f.components().containsKey("yearly"), "400 days is under two years: no yearly seasonality");
        assertEquals(1.0, m.sigma(), 0.15);
    }

    @Test
    void fitsAndPredictsDeterministically() {
        Frame df = Frame.ofDates(days(300), series(300, 2));
        Forecast a = new Prophet().fit(df).predict(df);
        Forecast b = new Prophet().fit(df).predict(df);
        assertArrayEquals(a.yhat(), b.yhat());
        assertArrayEquals(a.yhatLower(), b.yhatLower());
    }

    @Test
    void findsARateChangeAtAnAutomaticChangepoint() {
        int n = 500;
        double[] y = new double[n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            y[i] = (i < 250 ? i : 250 - 2.0 * (i - 250)) + r.nextGaussian();
        }
        FittedModel m = new Prophet(ModelOptions.builder().weekly(0).build()).fit(Frame.ofDates(days(n), y));
        Forecast f = m.predict(m.makeFutureFrame(10, new LocalDateTime[0], false));
        assertEquals(250 - 2.0 * (n + 4 - 250), f.yhat()[4], 5.0);
        assertEquals(25, m.changepoints().size());
        assertTrue(
                m.changepoints().get(24).isBefore(START.plusDays(400).atStartOfDay()), "changepoints in the first 80%");
    }

    @Test
    void usesManualChangepointsOnly() {
        LocalDateTime cp = START.plusDays(100).atStartOfDay();
        FittedModel m = new Prophet(
                        ModelOptions.builder().changepoints(List.of(cp)).build())
                .fit(Frame.ofDates(days(200), series(200, 4)));
        assertEquals(List.of(cp), m.changepoints());
    }

    @Test
    void intervalsCoverAboutTheirWidthAndWidenWithTheHorizon() {
        int n = 600;
        double[] y = series(n + 60, 5);
        FittedModel m = new Prophet().fit(Frame.ofDates(days(n), java.util.Arrays.copyOf(y, n)));
        Forecast f = m.predict(m.makeFutureFrame(60, new LocalDateTime[0], false));
        int covered = 0;
        for (int i = 0; i < 60; i++) {
            assertTrue(f.yhatLower()[i] < f.yhat()[i] && f.yhat()[i] < f.yhatUpper()[i]);
            covered += y[n + i] >= f.yhatLower()[i] && y[n + i] <= f.yhatUpper()[i] ? 1 : 0;
        }
        assertTrue(covered >= 38 && covered <= 58, "80% interval covered " + covered + " of 60");
        double first = f.yhatUpper()[0] - f.yhatLower()[0];
        double last = f.yhatUpper()[59] - f.yhatLower()[59];
        assertTrue(first > 2 && first < 3.3, "80% of N(0,1) noise is about 2.56 wide, got " + first);
        assertTrue(last >= first * 0.9, "no narrower far out");
    }

    @Test
    void estimatesAHolidayEffectOnItsDaysOnly() {
        int n = 730;
        double[] y = series(n, 6);
        List<Holiday> hs = new ArrayList<>();
        for (int year = 2020; year <= 2021; year++) {
            LocalDate d = LocalDate.of(year, 6, 15);
            hs.add(new Holiday("sale", d, 0, 1, null));
            int i = (int) (d.toEpochDay() - START.toEpochDay());
            y[i] += 30;
            y[i + 1] += 10;
        }
        FittedModel m = new Prophet(ModelOptions.builder().holidays(hs).build()).fit(Frame.ofDates(days(n), y));
        Forecast f = m.predict(Frame.ofDates(days(n), null));
        int i = (int) (LocalDate.of(2021, 6, 15).toEpochDay() - START.toEpochDay());
        assertEquals(30, f.component("sale")[i], 3);
        assertEquals(10, f.component("sale")[i + 1], 3);
        assertEquals(0, f.component("sale")[i + 2], 0);
        assertEquals(f.component("sale")[i], f.component("holidays")[i], 1e-12);
    }

    @Test
    void learnsAnExtraRegressorAndNeedsItInTheFuture() {
        int n = 300;
        double[] y = series(n, 7);
        double[] price = new double[n];
        Random r = new Random(8);
        for (int i = 0; i < n; i++) {
            price[i] = 5 + r.nextDouble();
            y[i] -= 12 * (price[i] - 5.5);
        }
        Frame df = Frame.ofDates(days(n), y).withRegressor("price", price);
        FittedModel m = new Prophet(ModelOptions.builder()
                        .addRegressor(Regressor.of("price"))
                        .build())
                .fit(df);
        Forecast f = m.predict(df);
        // The component moves by -12 per unit of price (standardised internally, reported in y units).
        int lo = 0;
        int hi = 1;
        assertEquals(-12 * (price[hi] - price[lo]), f.component("price")[hi] - f.component("price")[lo], 1.0);
        Frame future = m.makeFutureFrame(5, new LocalDateTime[0], false);
        assertThrows(IllegalArgumentException.class, () -> m.predict(future));
    }

    @Test
    void multiplicativeSeasonalityScalesWithTheTrend() {
        int n = 800;
        double[] y = new double[n];
        Random r = new Random(9);
        for (int i = 0; i < n; i++) {
            double level = 50 + 0.2 * i;
            y[i] = level * (1 + (START.plusDays(i).getDayOfWeek() == DayOfWeek.SATURDAY ? 0.5 : -0.5 / 6))
                    + r.nextGaussian();
        }
        FittedModel m = new Prophet(ModelOptions.builder()
                        .seasonalityMode(Mode.MULTIPLICATIVE)
                        .build())
                .fit(Frame.ofDates(days(n), y));
        Forecast f = m.predict(m.makeFutureFrame(14, new LocalDateTime[0], false));
        for (int i = 0; i < 14; i++) {
            LocalDate d = START.plusDays(n + i);
            double truth = (50 + 0.2 * (n + i)) * (1 + (d.getDayOfWeek() == DayOfWeek.SATURDAY ? 0.5 : -0.5 / 6));
            assertEquals(truth, f.yhat()[i], 0.03 * truth, d.toString());
        }
        assertEquals(0, f.component("additive_terms")[0], 1e-12);
    }

    @Test
    void logisticGrowthSaturatesBelowTheCap() {
        int n = 400;
        double[] y = new double[n];
        double[] cap = new double[n];
        Random r = new Random(10);
        for (int i = 0; i < n; i++) {
            y[i] = 100 / (1 + Math.exp(-0.02 * (i - 200))) + r.nextGaussian();
            cap[i] = 100;
        }
        FittedModel m = new Prophet(
                        ModelOptions.builder().growth(Growth.LOGISTIC).weekly(0).build())
                .fit(Frame.ofDates(days(n), y).withCap(cap));
        Frame future = m.makeFutureFrame(300, new LocalDateTime[0], false);
        double[] fcap = new double[300];
        java.util.Arrays.fill(fcap, 100);
        Forecast f = m.predict(future.withCap(fcap));
        assertTrue(f.trend()[299] <= 100 && f.trend()[299] > 95, "trend " + f.trend()[299]);
    }

    @Test
    void fitAndPredictShareOneScalingStep() {
        double[] y = series(100, 12);
        Frame history = Frame.ofDates(days(100), y);
        Scaling scaling = Scaling.initialize(history, ModelOptions.defaults());
        Scaling.Scaled h = scaling.apply(history);
        assertEquals(0, h.t()[0], 1e-12);
        assertEquals(1, h.t()[99], 1e-12);
        double max = 0;
        for (double v : h.y()) {
            max = Math.max(max, Math.abs(v));
        }
        assertEquals(1, max, 1e-12);
        // a future frame keeps the history's scales: t beyond 1, no y
        FittedModel m = new Prophet().fit(history);
        Scaling.Scaled future = scaling.apply(m.makeFutureFrame(10, new LocalDateTime[0], false));
        assertEquals(1 + 10.0 / 99, future.t()[9], 1e-12);
        assertEquals(null, future.y());
        // logistic growth: a cap not above the floor is refused when predicting too, as in fitting (Prophet)
        double[] cap = new double[100];
        java.util.Arrays.fill(cap, 1000);
        FittedModel logistic = new Prophet(
                        ModelOptions.builder().growth(Growth.LOGISTIC).build())
                .fit(Frame.ofDates(days(100), y).withCap(cap));
        Frame bad = logistic.makeFutureFrame(5, new LocalDateTime[0], false).withCap(new double[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> logistic.predict(bad));
        assertTrue(e.getMessage().contains("cap"), e.getMessage());
    }

    @Test
    void flatGrowthKeepsTheLevel() {
        double[] y = series(200, 11);
        for (int i = 0; i < y.length; i++) {
            y[i] -= 0.05 * i;
        }
        FittedModel m =
                new Prophet(ModelOptions.builder().growth(Growth.FLAT).build()).fit(Frame.ofDates(days(200), y));
        Forecast f = m.predict(m.makeFutureFrame(100, new LocalDateTime[0], false));
        assertEquals(f.trend()[0], f.trend()[99], 1e-12);
        assertEquals(100, f.trend()[0], 0.5);
    }

    @Test
    void switchesSeasonalitiesOnByHistoryLengthAndSpacing() {
        LocalDateTime[] hourly = new LocalDateTime[24 * 20];
        double[] y = new double[hourly.length];
        for (int i = 0; i < hourly.length; i++) {
            hourly[i] = START.atStartOfDay().plusHours(i);
            y[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24.0);
        }
        Forecast f = new Prophet().fit(new Frame(hourly, y)).predict(new Frame(hourly, null));
        assertTrue(f.components().containsKey("daily") && f.components().containsKey("weekly"));
        assertFalse(f.components().containsKey("yearly"));
        assertEquals(3, f.component("daily")[6] - f.component("daily")[0], 0.2, "daily peak at 06:00");

        LocalDateTime[] weeklyDs = new LocalDateTime[200];
        for (int i = 0; i < 200; i++) {
            weeklyDs[i] = START.atStartOfDay().plusWeeks(i);
        }
        FittedModel w = new Prophet().fit(new Frame(weeklyDs, series(200, 12)));
        assertTrue(
                w.coefficients().keySet().stream().allMatch(k -> k.startsWith("yearly")), "weekly data: yearly only");
    }

    @Test
    void conditionalSeasonalityAppliesOnlyWhereItsConditionHolds() {
        int n = 200;
        boolean[] summer = new boolean[n];
        double[] y = series(n, 13);
        for (int i = 0; i < n; i++) {
            summer[i] = i >= 100;
        }
        Seasonality s = new Seasonality("weekly_summer", 7, 3, 10, null, "summer");
        FittedModel m = new Prophet(ModelOptions.builder().addSeasonality(s).build())
                .fit(Frame.ofDates(days(n), y).withCondition("summer", summer));
        Forecast f = m.predict(Frame.ofDates(days(n), null).withCondition("summer", summer));
        for (int i = 0; i < 100; i++) {
            assertEquals(0, f.component("weekly_summer")[i], 0);
        }
    }

    @Test
    void log1pTransformForecastsOnTheOriginalScale() {
        int n = 400;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.expm1(3 + 0.001 * i + (START.plusDays(i).getDayOfWeek() == DayOfWeek.SUNDAY ? 0.4 : 0));
        }
        FittedModel m =
                new Prophet(ModelOptions.builder().transform(Transform.LOG1P).build()).fit(Frame.ofDates(days(n), y));
        Forecast f = m.predict(Frame.ofDates(days(n), null));
        for (int i = 0; i < n; i += 37) {
            assertEquals(y[i], f.yhat()[i], 0.02 * y[i]);
        }
    }

    @Test
    void pooledPriorMeansPullASeasonalShapeTowardTheGroup() {
        int n = 120;
        double[] y = series(n, 14);
        double[] prior = {0, 0, 0, 0, 0, 0};
        ModelOptions free = ModelOptions.defaults();
        ModelOptions pooled = free.toBuilder()
                .pooledPriorMeans(java.util.Map.of("weekly", prior))
                .pooledPriorScale(1e-4)
                .build();
        double freeNorm = norm(new Prophet(free).fit(Frame.ofDates(days(n), y)).seasonalityCoefficients("weekly"));
        double pooledNorm =
                norm(new Prophet(pooled).fit(Frame.ofDates(days(n), y)).seasonalityCoefficients("weekly"));
        assertTrue(freeNorm > 3, "weekend bump found without pooling: " + freeNorm);
        assertTrue(pooledNorm < 0.1 * freeNorm, "a tight prior at zero flattens it: " + pooledNorm);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void forecastsConstantAndAllZeroSeriesAsTheyAre() {
        for (double level : new double[] {0, 7}) {
            double[] y = new double[100];
            java.util.Arrays.fill(y, level);
            for (ModelOptions o : List.of(
                    ModelOptions.defaults(),
                    ModelOptions.retailDaily().build(),
                    ModelOptions.builder().seasonalityMode(Mode.MULTIPLICATIVE).build())) {
                FittedModel m = new Prophet(o).fit(Frame.ofDates(days(100), y));
                Forecast f = m.predict(m.makeFutureFrame(10, new LocalDateTime[0], false));
                for (int i = 0; i < 10; i++) {
                    assertEquals(level, f.yhat()[i], 1e-3 + 1e-3 * level, "level " + level);
                    assertTrue(Double.isFinite(f.yhatLower()[i]) && Double.isFinite(f.yhatUpper()[i]));
                }
            }
        }
    }

    @Test
    void rejectsHistoriesItCannotFit() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Frame(new LocalDateTime[] {START.atStartOfDay(), START.atStartOfDay()}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new Prophet().fit(Frame.ofDates(days(1), new double[] {1})));
    }
}
