package io.retailpulse.forecasting.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.config.ForecastingConfig;
import io.retailpulse.forecasting.config.RunRegressorsConfig;
import io.retailpulse.forecasting.fixtures.ForecastingConfigs;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunRegressorsTest {
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    private static final RunRegressor SENTIMENT =
            new RunRegressor("sentiment", "sentiment", 3, null, null, null, null, null).checked();

    static ForecastingConfig config(String engine, int samples) {
        return ForecastingConfigs.of(OptionalDouble.empty(), samples, 1, PairForecasterTest.runsConfig(engine));
    }

    static RunRegressors regressors(String engine, Map<String, RunRegressorsConfig.Regressor> configured) {
        ModelSettings settings = new ModelSettings(config(engine, 100));
        return new RunRegressors(() -> configured, settings, new PairForecaster(settings), null);
    }

    private static DailySeries planted(PlantedSentiment plant, double size, boolean follows, long seed) {
        Random noise = new Random(seed);
        Map<LocalDate, Long> totals = new HashMap<>();
        for (int t = 0; t < plant.days; t++) {
            totals.put(FIRST.plusDays(t), plant.units(t, size, follows, noise));
        }
        return DailySeries.of(
                new SeriesKey("S1", follows ? "SKU-0003" : "SKU-0001"), totals, FIRST.plusDays(plant.days - 1L));
    }

    @Test
    void aSentimentLeadingSalesByThreeDaysLowersTheBacktestErrorOfTheDemosShape() {
        PlantedSentiment plant = new PlantedSentiment(FIRST, 730, 42);
        RunRegressors regs = regressors("prophet", Map.of());
        PairForecaster forecaster = new PairForecaster(new ModelSettings(config("prophet", 100)));
        DailySeries s = planted(plant, 14, true, 1);
        RunRegressors.Applied a =
                regs.apply(s, forecaster.forecast(s), List.of(SENTIMENT), Map.of("sentiment", plant.sentiment()));
        RunRegressors.Outcome o = a.outcomes().get(0);
        System.out.println("planted: " + o);
        assertNull(o.note());
        assertTrue(o.backtestWith() < o.backtestWithout(), o.toString());
    }

    @Test
    void aPairWithoutValuesFallsBackToNoRegressorAndSaysWhy() {
        PlantedSentiment plant = new PlantedSentiment(FIRST, 120, 3);
        RunRegressors regs = regressors("prophet", Map.of());
        PairForecaster forecaster = new PairForecaster(new ModelSettings(config("prophet", 100)));
        DailySeries s = planted(plant, 14, false, 2);
        PairForecast base = forecaster.forecast(s);
        RunRegressors.Applied a = regs.apply(s, base, List.of(SENTIMENT), Map.of());
        assertSame(base, a.forecast());
        RunRegressors.Outcome o = a.outcomes().get(0);
        assertNull(o.backtestWith());
        assertNotNull(o.note());
        assertTrue(o.note().contains("too few sentiment values"), o.note());
        assertTrue(o.note().contains("product SKU-0001"), o.note());
    }

    @Test
    void unknownNamesBadLagsSourcesAndScopesAreRefusedWithTheReason() {
        RunRegressorsConfig.Regressor neg = new RunRegressorsConfig.Regressor() {
            public String source() {
                return "negative_share";
            }

            public int lag() {
                return 3;
            }

            public String future() {
                return "hold";
            }

            public Optional<String> scope() {
                return Optional.of("pair");
            }

            public Optional<String> product() {
                return Optional.empty();
            }

            public Optional<String> store() {
                return Optional.empty();
            }

            public Optional<String> reason() {
                return Optional.empty();
            }
        };
        RunRegressors regs = regressors("prophet", Map.of("neg", neg));
        assertEquals(
                List.of("neg"), regs.defaults().stream().map(RunRegressor::name).toList());
        assertEquals(regs.defaults(), regs.resolve(null));
        assertEquals(List.of(), regs.resolve(List.of()));
        RunRegressor byName = regs.resolve(List.of(new RunRegressor("neg", null, null, null, null, null, null, null)))
                .get(0);
        assertEquals("negative_share", byName.source());
        assertEquals(3, byName.lag());
        assertEquals("hold", byName.future());
        assertEquals("pair", byName.scope());
        expectBad(regs, new RunRegressor("nope", null, null, null, null, null, null, null), "unknown regressor 'nope'");
        expectBad(regs, new RunRegressor("x", "sentiment", -1, null, null, null, null, null), "lag must be between");
        expectBad(regs, new RunRegressor("x", "sentiment", 1001, null, null, null, null, null), "lag must be between");
        expectBad(regs, new RunRegressor("x", "inline", 1, null, null, null, null, null), "is not one of");
        expectBad(regs, new RunRegressor("x", "sentiment", 1, "later", null, null, null, null), "forecast or hold");
        expectBad(regs, new RunRegressor("x", "sentiment", 1, null, "city", null, null, null), "scope must be");
        expectBad(regs, new RunRegressor("x", "signal", 1, null, "pair", null, null, null), "read by its name");
        expectBad(regs, new RunRegressor("x", "sentiment", 1, null, null, null, null, "late"), "complaints only");
        ProblemException twice = assertThrows(
                ProblemException.class,
                () -> regs.resolve(List.of(
                        new RunRegressor("neg", null, null, null, null, null, null, null),
                        new RunRegressor("neg", "sentiment", 1, null, null, null, null, null))));
        assertTrue(twice.getMessage().contains("named twice"), twice.getMessage());
    }

    private static void expectBad(RunRegressors regs, RunRegressor r, String reason) {
        ProblemException e = assertThrows(ProblemException.class, () -> regs.resolve(List.of(r)));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " should say " + reason);
    }
}
