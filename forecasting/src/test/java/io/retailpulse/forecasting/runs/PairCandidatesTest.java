package io.retailpulse.forecasting.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.Frequency;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a run stores of its model choice per store-product ({@code forecast_candidate}). */
class PairCandidatesTest {
    private static final LocalDate FIRST = LocalDate.of(2022, 1, 3);

    private static DailySeries series(int days, long seed) {
        Random r = new Random(seed);
        Map<LocalDate, Long> totals = new HashMap<>();
        for (int i = 0; i < days; i++) {
            LocalDate d = FIRST.plusDays(i);
            double weekly = d.getDayOfWeek().getValue() >= 6 ? 12 : 0;
            totals.put(d, Math.max(0, Math.round(20 + 0.05 * i + weekly + 3 * r.nextGaussian())));
        }
        return DailySeries.of(new SeriesKey("S1", "P" + seed), totals, FIRST.plusDays(days - 1));
    }

    private static PairForecaster forecaster(String engine) {
        return new PairForecaster(new ModelSettings(PairForecasterTest.config(OptionalDouble.empty(), engine)));
    }

    @Test
    void autoStoresEveryCandidatesCrossValidatedErrorAndMarksTheForecastItUsed() {
        for (long seed = 1; seed <= 4; seed++) {
            DailySeries s = series(200, seed);
            PairForecast p = forecaster("auto").forecast(s);
            // The engine on its own, on the same series and horizon: the run stores exactly its answer.
            AutoForecaster.Fitted engine =
                    AutoForecaster.forFrequency(30, Frequency.DAILY).fit(s.units(), 7);
            assertEquals(engine.chosen(), p.used());
            Map<String, Double> stored = new java.util.LinkedHashMap<>();
            p.candidates().forEach(c -> stored.put(c.name(), c.mase()));
            assertEquals(engine.candidates(), stored);
            assertTrue(stored.keySet().containsAll(List.of("naive", "snaive", "ets", "theta", "combination")));
            assertTrue(p.candidates().stream()
                    .allMatch(c ->
                            c.backtest().equals(PairForecast.Candidate.CROSS_VALIDATION) && Double.isNaN(c.smape())));
            List<PairForecast.Candidate> chosen = p.candidates().stream()
                    .filter(PairForecast.Candidate::chosen)
                    .toList();
            assertEquals(1, chosen.size(), p.candidates().toString());
            String expected = p.used().contains("+") ? "combination" : p.used();
            assertEquals(expected, chosen.get(0).name());
            assertEquals(engine.backtestError(), chosen.get(0).mase(), 0.0);
            // auto never does worse than seasonal naive on its own backtest
            assertTrue(
                    chosen.get(0).mase() <= stored.get("snaive"), p.candidates().toString());
        }
    }

    @Test
    void aFixedModelStoresItsHoldoutErrorsBesideSeasonalNaive() {
        PairForecast p = forecaster("prophet").forecast(series(200, 7));
        assertEquals(
                List.of("prophet", "snaive"),
                p.candidates().stream().map(PairForecast.Candidate::name).toList());
        PairForecast.Candidate model = p.candidates().get(0);
        PairForecast.Candidate naive = p.candidates().get(1);
        assertTrue(model.chosen() && !naive.chosen());
        assertEquals(PairForecast.Candidate.HOLDOUT, model.backtest());
        assertEquals(p.model().mase(), model.mase(), 0.0);
        assertEquals(p.model().smape(), model.smape(), 0.0);
        assertEquals(p.naive().mase(), naive.mase(), 0.0);

        PairForecast theta = forecaster("theta").forecast(series(200, 7));
        assertEquals(
                List.of("theta", "snaive"),
                theta.candidates().stream().map(PairForecast.Candidate::name).toList());
        // Seasonal naive as the run's model is its own baseline: one row, not two with one key.
        PairForecast snaive = forecaster("snaive").forecast(series(200, 7));
        assertEquals(
                List.of("snaive"),
                snaive.candidates().stream().map(PairForecast.Candidate::name).toList());
        assertTrue(snaive.candidates().get(0).chosen());
    }

    @Test
    void aSeriesTooShortForABacktestHasNoCandidates() {
        assertEquals(List.of(), forecaster("prophet").forecast(series(30, 3)).candidates());
        assertEquals(List.of(), forecaster("theta").forecast(series(30, 3)).candidates());
    }
}
