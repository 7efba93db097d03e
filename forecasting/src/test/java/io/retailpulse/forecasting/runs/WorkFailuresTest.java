package io.retailpulse.forecasting.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.forecasting.aggregation.SeriesKey;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces that let an unreadable or unstorable item fail its pairs instead of holding up its run. */
class WorkFailuresTest {
    @Test
    void anItemsKeyNamesItsRunAndNumberAndNoOtherKeyDoes() {
        assertArrayEquals(
                new long[] {42, 7},
                WorkPublisher.parseKey(WorkPublisher.key(42, 7)).orElseThrow());
        for (String other : new String[] {null, "", "42", "-7", "42-", "x-1", "42-x", "0-1", "42--1", "a-b-c"}) {
            assertTrue(WorkPublisher.parseKey(other).isEmpty(), String.valueOf(other));
        }
    }

    private static PairForecast forecast(double yhat, double lower, Double trend) {
        Map<String, Double> components = trend == null ? Map.of() : Map.of("trend", trend);
        return new PairForecast(
                new SeriesKey("S", "P"),
                60,
                List.of(new PairForecast.Day(LocalDate.of(2030, 1, 1), yhat, lower, yhat + 1, components)),
                null,
                null,
                0,
                PairForecaster.PROPHET);
    }

    @Test
    void aForecastMySqlCannotStoreIsRefusedWithWhatIsWrong() {
        assertNull(PairWork.nonFinite(forecast(3, 1, 2.0)));
        assertTrue(PairWork.nonFinite(forecast(Double.NaN, 1, 2.0)).contains("not finite on 2030-01-01"));
        assertTrue(
                PairWork.nonFinite(forecast(3, Double.NEGATIVE_INFINITY, null)).contains("not finite"));
        assertTrue(PairWork.nonFinite(forecast(3, 1, Double.NaN)).startsWith("component trend"));
    }
}
