package io.retailpulse.forecasting.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.config.ForecastingConfig;
import io.retailpulse.forecasting.fixtures.ForecastingConfigs;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairForecasterTest {
    private static final LocalDate FIRST = LocalDate.of(2022, 1, 3);

    private static ForecastingConfig config(OptionalDouble pooled) {
        return config(pooled, "prophet");
    }

    static ForecastingConfig config(OptionalDouble pooled, String engine) {
        return config(pooled, runsConfig(engine));
    }

    static ForecastingConfig config(OptionalDouble pooled, ForecastingConfig.Runs runs) {
        return ForecastingConfigs.of(pooled, 200, 1, runs);
    }

    static ForecastingConfig.Runs runsConfig(String engine) {
        return ForecastingConfigs.runs(engine, 1, Duration.ofSeconds(5));
    }

    /** Pooling settings as {@code pulse.forecasting.runs.pooling.*} would give them (share-days 364, by weekday). */
    static ForecastingConfig.Pooling pooling(String mode, String level, double weight) {
        return new ForecastingConfigs.Pooling(mode, level, weight, 364, true);
    }

    static ForecastingConfig.Runs runsConfig(String engine, ForecastingConfig.Pooling pooling) {
        return ForecastingConfigs.runs(engine, 1, Duration.ofSeconds(5), pooling);
    }

    private static DailySeries series(String product, int days, double weekendLift, long seed) {
        Random r = new Random(seed);
        Map<LocalDate, Long> totals = new HashMap<>();
        for (int i = 0; i < days; i++) {
            LocalDate d = FIRST.plusDays(i);
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            totals.put(d, Math.round(20 * (weekend ? 1 + weekendLift : 1) + 2 * r.nextGaussian()));
        }
        return DailySeries.of(new SeriesKey("S1", product), totals, FIRST.plusDays(days - 1));
    }

    @Test
    void forecastsTheHorizonAndBacktestsBesideSeasonalNaive() {
        PairForecaster f = new PairForecaster(new ModelSettings(config(OptionalDouble.empty())));
        PairForecast p = f.forecast(series("P1", 200, 0.5, 1));
        assertEquals(30, p.days().size());
        assertEquals(FIRST.plusDays(200), p.days().get(0).date());
        assertNotNull(p.model());
        assertNotNull(p.naive());
        assertEquals(28, p.testDays());
        assertTrue(p.model().smape() < 20, "SMAPE " + p.model().smape());
        assertTrue(p.days().stream().allMatch(d -> d.lower() >= 0 && d.lower() <= d.yhat() && d.yhat() <= d.upper()));
        assertTrue(p.days().get(0).components().containsKey("weekly"));
    }

    @Test
    void theEngineForecastsAndBacktestsARunsPairAndSaysWhichModelAutoChose() {
        PairForecaster f = new PairForecaster(new ModelSettings(config(OptionalDouble.empty(), "auto")));
        PairForecast p = f.forecast(series("P1", 200, 0.5, 1));
        assertEquals(30, p.days().size());
        assertEquals(FIRST.plusDays(200), p.days().get(0).date());
        assertNotNull(p.model());
        assertTrue(p.model().smape() < 25, "SMAPE " + p.model().smape());
        assertTrue(p.days().stream().allMatch(d -> d.lower() >= 0 && d.lower() <= d.yhat() && d.yhat() <= d.upper()));
        assertNotNull(p.used());
        assertTrue(!p.used().equals("auto") && !p.used().isBlank(), "the family auto chose: " + p.used());
        assertEquals(
                "prophet",
                new PairForecaster(new ModelSettings(config(OptionalDouble.empty())))
                        .forecast(series("P1", 200, 0.5, 1))
                        .used());
    }

    @Test
    void anUnknownRunModelIsRefusedAtStart() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new PairForecaster(new ModelSettings(config(OptionalDouble.empty(), "arima"))));
        assertTrue(e.getMessage().contains("pulse.forecasting.runs.model"), e.getMessage());
    }

    @Test
    void skipsTheBacktestWhenTheHeldOutDaysWouldLeaveTooLittleHistory() {
        PairForecaster f = new PairForecaster(new ModelSettings(config(OptionalDouble.empty())));
        PairForecast p = f.forecast(series("P1", 30, 0.5, 2));
        assertNull(p.model());
        assertEquals(30, p.days().size());
    }

    @Test
    void poolingGivesASeriesWithoutItsOwnPatternTheGroupsWeeklyShape() {
        PairForecaster pooledForecaster = new PairForecaster(new ModelSettings(config(OptionalDouble.of(1e-6))));
        PooledShapes.Accumulator acc = new PooledShapes.Accumulator();
        for (int k = 0; k < 5; k++) {
            pooledForecaster.firstPass(series("G" + k, 120, 1.0, 10 + k), acc);
        }
        DailySeries flat = series("FLAT", 120, 0.0, 20);
        PairForecast own = new PairForecaster(new ModelSettings(config(OptionalDouble.empty()))).forecast(flat);
        PairForecast pooled = pooledForecaster.forecast(flat, acc.means());
        assertTrue(weekendRatio(own) < 1.1, "no weekend lift of its own: " + weekendRatio(own));
        assertTrue(weekendRatio(pooled) > 1.5, "the group's weekend lift: " + weekendRatio(pooled));
    }

    private static double weekendRatio(PairForecast p) {
        double weekend = 0;
        double week = 0;
        int nw = 0;
        int nd = 0;
        for (PairForecast.Day d : p.days()) {
            if (d.date().getDayOfWeek().getValue() >= 6) {
                weekend += d.yhat();
                nw++;
            } else {
                week += d.yhat();
                nd++;
            }
        }
        return (weekend / nw) / (week / nd);
    }
}
