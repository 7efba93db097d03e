package io.retailpulse.forecasting.adhoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.model.ExternalRegressor;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regressors of an ad-hoc request onto the series' grid: order, gaps, future values, references, refusals. */
class RegressorPlanTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ForecastRequestReader reader = new ForecastRequestReader();

    private static ForecastRequest.Point point(String ds, double y) {
        return new ForecastRequest.Point(JSON.textNode(ds), JSON.numberNode(y));
    }

    private static ForecastRequest request(int horizon, List<ForecastRequest.RegressorSpec> regressors) {
        // 01-01, 01-02, (01-03 missing), 01-04, given out of order
        List<ForecastRequest.Point> series =
                List.of(point("2024-01-04", 4), point("2024-01-01", 1), point("2024-01-02", 2));
        return new ForecastRequest(
                series,
                horizon,
                null,
                null,
                null,
                null,
                null,
                regressors,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "auto");
    }

    private static ForecastRequest.RegressorSpec inline(
            String name, List<Double> values, List<Double> future, Integer lag, String fill) {
        return new ForecastRequest.RegressorSpec(
                name, values, null, null, null, future, lag, fill, null, null, null, null);
    }

    @Test
    void inlineValuesFollowTheSortedPointsWithMissingStepsInterpolatedAndFutureValuesAfter() {
        ForecastRequest r = request(2, List.of(inline("x", List.of(40.0, 10.0, 20.0), List.of(50.0), 1, "hold")));
        AdHocSeries s = reader.series(r);
        List<RegressorPlan.Planned> planned = RegressorPlan.plan(r, s, 2, Map.of());
        ExternalRegressor x = planned.get(0).regressor();
        assertArrayEquals(new double[] {10, 20, 30, 40, 50}, x.values(), 1e-9, "01-03 interpolated, one future value");
        assertEquals(1, x.lag());
        assertEquals(ExternalRegressor.Fill.HOLD, x.fill());
        assertEquals(2, x.knownAhead(4), "one future value and a lag of one: both future steps known");
    }

    @Test
    void historyOnlyValuesAreAcceptedAndForecastByDefault() {
        ForecastRequest r = request(2, List.of(inline("x", List.of(4.0, 1.0, 2.0), null, null, null)));
        RegressorPlan.Planned p =
                RegressorPlan.plan(r, reader.series(r), 2, Map.of()).get(0);
        assertEquals(ExternalRegressor.Fill.FORECAST, p.regressor().fill());
        assertEquals(0, p.regressor().knownAhead(4));
    }

    @Test
    void referencesArePlacedByDayAndNeedTwoValues() {
        ForecastRequest.RegressorSpec signal = new ForecastRequest.RegressorSpec(
                "cpi", null, null, null, null, null, null, null, "signal", null, null, null);
        ForecastRequest r = request(2, List.of(signal));
        AdHocSeries s = reader.series(r);
        Map<LocalDate, Double> days = Map.of(
                LocalDate.of(2024, 1, 2),
                2.0,
                LocalDate.of(2024, 1, 4),
                4.0,
                LocalDate.of(2024, 1, 5),
                5.0,
                LocalDate.of(2023, 12, 1),
                99.0);
        ExternalRegressor x =
                RegressorPlan.plan(r, s, 2, Map.of("cpi", days)).get(0).regressor();
        assertArrayEquals(
                new double[] {2, 2, 3, 4, 5},
                x.values(),
                1e-9,
                "before the first value: the first; gaps interpolated; 01-05 is a known future value");
        ProblemException e = assertThrows(
                ProblemException.class,
                () -> RegressorPlan.plan(r, s, 2, Map.of("cpi", Map.of(LocalDate.of(2024, 1, 2), 2.0))));
        assertTrue(e.getMessage().contains("cpi") && e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void refusesBadRegressorsNamingThem() {
        assertTrue(assertThrows(
                        ProblemException.class,
                        () -> reader.series(request(2, List.of(inline("x", List.of(1.0, 2.0), null, 1, null)))))
                .getMessage()
                .contains("regressor x needs one value per series point (3)"));
        assertTrue(assertThrows(
                        ProblemException.class,
                        () -> reader.series(request(
                                2,
                                List.of(
                                        inline("x", List.of(1.0, 2.0, 3.0), null, null, null),
                                        inline("x", List.of(1.0, 2.0, 3.0), null, null, null)))))
                .getMessage()
                .contains("twice"));
        ForecastRequest badLag = request(2, List.of(inline("x", List.of(1.0, 2.0, 3.0), null, -2, null)));
        assertTrue(assertThrows(
                        ProblemException.class, () -> RegressorPlan.plan(badLag, reader.series(badLag), 2, Map.of()))
                .getMessage()
                .contains("lag must be between 0 and"));
        ForecastRequest badFill = request(2, List.of(inline("x", List.of(1.0, 2.0, 3.0), null, null, "guess")));
        assertTrue(assertThrows(
                        ProblemException.class, () -> RegressorPlan.plan(badFill, reader.series(badFill), 2, Map.of()))
                .getMessage()
                .contains("future must be forecast or hold"));
        java.util.List<Double> withNull = new java.util.ArrayList<>(List.of(1.0, 2.0));
        withNull.add(null);
        assertTrue(assertThrows(
                        ProblemException.class,
                        () -> reader.series(request(2, List.of(inline("x", withNull, null, 0, null)))))
                .getMessage()
                .contains("not a number"));
    }
}
