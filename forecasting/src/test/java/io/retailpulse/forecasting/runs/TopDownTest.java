package io.retailpulse.forecasting.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.config.ForecastingConfig;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopDownTest {
    // A Monday, so that index i is weekday i % 7.
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);

    private static DailySeries series(String store, String product, LocalDate first, double[] units) {
        return new DailySeries(new SeriesKey(store, product), first, units);
    }

    private static double[] constant(int days, double weekday, double saturday) {
        double[] y = new double[days];
        for (int i = 0; i < days; i++) {
            y[i] = FIRST.plusDays(i).getDayOfWeek() == DayOfWeek.SATURDAY ? saturday : weekday;
        }
        return y;
    }

    @Test
    void splitsTheTotalByThePairsShareOfEachWeekday() {
        // The pair sells 10 of the total's 40 on weekdays and 30 of its 40 on Saturdays.
        DailySeries pair = series("S1", "P", FIRST, constant(70, 10, 30));
        double[] total = new double[14];
        Arrays.fill(total, 80);
        TopDown td = new TopDown(
                "product",
                1.0,
                364,
                true,
                Map.of(
                        TopDown.productKey("P"),
                        new TopDown.Total(new double[0], total, new double[0], sums(constant(70, 40, 40)))));
        double[] out = td.combine(pair, new double[14], 69, false);
        for (int i = 0; i < 14; i++) {
            boolean saturday = FIRST.plusDays(70 + i).getDayOfWeek() == DayOfWeek.SATURDAY;
            assertEquals(saturday ? 60 : 20, out[i], 1e-9, "day " + i);
        }
        // Half and half with the pair's own forecast.
        TopDown half = new TopDown("product", 0.5, 364, true, td.totals());
        double[] own = new double[14];
        Arrays.fill(own, 100);
        assertEquals(60, half.combine(pair, own, 69, false)[0], 1e-9);
    }

    private static double[] sums(double[] totalUnits) {
        double[] s = new double[7];
        for (int i = 0; i < totalUnits.length; i++) {
            s[FIRST.plusDays(i).getDayOfWeek().getValue() - 1] += totalUnits[i];
        }
        return s;
    }

    @Test
    void keepsThePairsOwnForecastWithoutItsTotal() {
        DailySeries pair = series("S1", "P", FIRST, constant(70, 10, 30));
        TopDown td = new TopDown("product", 1.0, 364, true, Map.of());
        double[] own = {1, 2, 3};
        assertEquals(own, td.combine(pair, own, 69, false));
    }

    @Test
    void sumsSeriesThatStartOnDifferentDaysFromTheRunsLastDay() {
        LocalDate asOf = FIRST.plusDays(9);
        TopDown td = new TopDown("both", 0.5, 364, true, Map.of());
        TopDown.Summer summer = new TopDown.Summer(td, asOf);
        summer.add(series("S1", "P", FIRST, constant(10, 1, 1)));
        summer.add(series("S2", "P", FIRST.plusDays(5), constant(5, 2, 2)));
        Map<String, DailySeries> totals = new HashMap<>();
        summer.series().forEach(s -> totals.put(s.key().productId(), s));
        DailySeries p = totals.get(TopDown.productKey("P"));
        assertEquals(FIRST, p.first());
        assertEquals(asOf, p.last());
        assertEquals(1, p.units()[4]);
        assertEquals(3, p.units()[5]);
        assertEquals(3, p.units()[9]);
        assertEquals(FIRST.plusDays(5), totals.get(TopDown.storeKey("S2")).first());
        assertEquals(3, totals.size());
    }

    @Test
    void anItemCarriesOnlyTheTotalsOfItsPairs() {
        TopDown.Total t = new TopDown.Total(new double[0], new double[1], new double[0], new double[7]);
        TopDown td = new TopDown(
                "both",
                0.5,
                364,
                true,
                Map.of(
                        TopDown.productKey("P"), t,
                        TopDown.productKey("Q"), t,
                        TopDown.storeKey("S1"), t,
                        TopDown.storeKey("S2"), t));
        TopDown item = td.forPairs(List.of(new SeriesKey("S1", "P")));
        assertEquals(2, item.totals().size());
        assertTrue(item.totals().containsKey(TopDown.storeKey("S1")));
        assertFalse(item.totals().containsKey(TopDown.productKey("Q")));
        assertEquals("top-down(level=both, weight=0.5, share-days=364, by weekday)", item.describe());
    }

    @Test
    void refusesSettingsItCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> new TopDown("region", 0.5, 364, true, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TopDown("product", 1.5, 364, true, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TopDown("product", 0.5, 3, true, Map.of()));
        ForecastingConfig none =
                PairForecasterTest.config(OptionalDouble.empty(), PairForecasterTest.runsConfig("prophet"));
        assertNull(new ModelSettings(none).topDown());
        ForecastingConfig bad = PairForecasterTest.config(
                OptionalDouble.empty(),
                PairForecasterTest.runsConfig("prophet", PairForecasterTest.pooling("bottom-up", "product", 0.5)));
        assertThrows(IllegalArgumentException.class, () -> new PairForecaster(new ModelSettings(bad)));
    }

    /**
     * Through the run's forecaster: a pooled pair is labelled {@code prophet+top-down}, keeps its own model as a
     * candidate beside the chosen combination, and its backtest is the combination's (better here: the pair's own
     * history is noisy, its product's total is not).
     */
    @Test
    void aPooledPairKeepsItsOwnModelAsACandidate() {
        ForecastingConfig config = PairForecasterTest.config(
                OptionalDouble.empty(),
                PairForecasterTest.runsConfig("prophet", PairForecasterTest.pooling("top-down", "product", 0.5)));
        ModelSettings settings = new ModelSettings(config);
        PairForecaster forecaster = new PairForecaster(settings);
        Random r = new Random(7);
        int days = 200;
        LocalDate asOf = FIRST.plusDays(days - 1);
        TopDown td = settings.topDown();
        TopDown.Summer summer = new TopDown.Summer(td, asOf);
        DailySeries[] pairs = new DailySeries[10];
        for (int s = 0; s < pairs.length; s++) {
            double[] y = new double[days];
            for (int i = 0; i < days; i++) {
                boolean weekend = FIRST.plusDays(i).getDayOfWeek().getValue() >= 6;
                y[i] = Math.max(0, Math.round((weekend ? 30 : 20) + 6 * r.nextGaussian()));
            }
            pairs[s] = series("S" + s, "P", FIRST, y);
            summer.add(pairs[s]);
        }
        DailySeries total = summer.series().get(0);
        TopDown.Total t = forecaster.total(total, td);
        assertEquals(28, t.backtest().length);
        assertEquals(30, t.forecast().length);
        TopDown pooled =
                new TopDown("product", 0.5, 364, true, Map.of(total.key().productId(), t));
        PairForecast alone = forecaster.forecast(pairs[0], PooledShapes.NONE, null);
        PairForecast p = forecaster.forecast(pairs[0], PooledShapes.NONE, pooled.forPairs(List.of(pairs[0].key())));
        assertEquals("prophet+top-down", p.used());
        assertEquals(30, p.days().size());
        assertEquals(
                List.of("prophet", "prophet+top-down", "snaive"),
                p.candidates().stream().map(PairForecast.Candidate::name).toList());
        assertEquals(
                Optional.of("prophet+top-down"),
                p.candidates().stream()
                        .filter(PairForecast.Candidate::chosen)
                        .map(PairForecast.Candidate::name)
                        .findFirst());
        assertEquals(alone.model().smape(), p.candidates().get(0).smape(), 1e-9);
        assertEquals(p.model().smape(), p.candidates().get(1).smape(), 1e-9);
        assertTrue(
                p.model().smape() < alone.model().smape(),
                "pooled " + p.model().smape() + " vs own " + alone.model().smape());
        for (PairForecast.Day d : p.days()) {
            assertTrue(d.lower() <= d.yhat() && d.yhat() <= d.upper(), d.toString());
        }
    }
}
