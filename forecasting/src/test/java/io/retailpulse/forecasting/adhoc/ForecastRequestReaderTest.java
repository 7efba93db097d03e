package io.retailpulse.forecasting.adhoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.retailpulse.common.api.ProblemException;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastRequestReaderTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ForecastRequestReader reader = new ForecastRequestReader();

    private static ForecastRequest.Point point(String ds, Double y) {
        return new ForecastRequest.Point(JSON.textNode(ds), y == null ? JSON.nullNode() : JSON.numberNode(y));
    }

    private static ForecastRequest request(
            List<ForecastRequest.Point> series, Integer horizon, List<ForecastRequest.RegressorSpec> regressors) {
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
                null);
    }

    @Test
    void sortsPointsAndCarriesRegressorValuesAlongWithThem() {
        List<ForecastRequest.Point> series = List.of(
                point("2024-01-03", 3.0),
                point("2024-01-01", 1.0),
                point("2024-01-02", null),
                point("2024-01-05", 5.0));
        ForecastRequest r = request(
                series,
                2,
                List.of(new ForecastRequest.RegressorSpec(
                        "promo", List.of(30.0, 10.0, 20.0, 50.0, 60.0, 70.0), null, null, null)));
        AdHocSeries s = reader.series(r);
        assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0), s.ds()[0]);
        assertEquals(1.0, s.y()[0]);
        assertTrue(Double.isNaN(s.y()[1]), "null y is a missing value");
        assertEquals(Spacing.DAILY, s.spacing(), "a missing day (01-04) is a gap of whole steps");
        assertTrue(s.datesOnly());
        assertArrayEquals(new double[] {10, 20, 30, 50, 60, 70}, s.regressors().get("promo"));
    }

    @Test
    void infersHourlyAndWeeklySpacingAndKeepsTheLocalTimeOfAnOffset() {
        AdHocSeries hourly = reader.series(request(
                List.of(
                        point("2024-01-01T00:00:00+02:00", 1.0),
                        point("2024-01-01T01:00:00+02:00", 2.0),
                        point("2024-01-01T03:00:00+02:00", 3.0)),
                1,
                null));
        assertEquals(Spacing.HOURLY, hourly.spacing());
        assertEquals(LocalDateTime.of(2024, 1, 1, 1, 0), hourly.ds()[1]);
        AdHocSeries weekly = reader.series(request(
                List.of(point("2024-01-01", 1.0), point("2024-01-08", 2.0), point("2024-01-22", 3.0)), 1, null));
        assertEquals(Spacing.WEEKLY, weekly.spacing());
    }

    @Test
    void infersMonthlyQuarterlyAndYearlySpacingOnMonthStartsOrMonthEndsAndStepsOnThatCalendar() {
        AdHocSeries monthEnds = reader.series(request(
                List.of(
                        point("2017-01-31", 1.0),
                        point("2017-02-28", 2.0),
                        point("2017-03-31", 3.0),
                        point("2017-05-31", 5.0)),
                3,
                null));
        assertEquals(Spacing.MONTHLY, monthEnds.spacing(), "a missing month (April) is a gap of whole steps");
        assertArrayEquals(
                new LocalDateTime[] {
                    LocalDateTime.of(2017, 6, 30, 0, 0),
                    LocalDateTime.of(2017, 7, 31, 0, 0),
                    LocalDateTime.of(2017, 8, 31, 0, 0)
                },
                monthEnds.future(3));
        AdHocSeries quarterly = reader.series(request(
                List.of(point("2016-10-01", 1.0), point("2017-01-01", 2.0), point("2017-04-01", 3.0)), 2, null));
        assertEquals(Spacing.QUARTERLY, quarterly.spacing());
        assertArrayEquals(
                new LocalDateTime[] {LocalDateTime.of(2017, 7, 1, 0, 0), LocalDateTime.of(2017, 10, 1, 0, 0)},
                quarterly.future(2));
        AdHocSeries yearly = reader.series(request(
                List.of(point("2014-12-31", 1.0), point("2015-12-31", 2.0), point("2016-12-31", 3.0)), 1, null));
        assertEquals(Spacing.YEARLY, yearly.spacing());
        AdHocSeries dayOfMonth = reader.series(request(
                List.of(point("2017-01-30", 1.0), point("2017-02-28", 2.0), point("2017-03-30", 3.0)), 1, null));
        assertEquals(Spacing.MONTHLY, dayOfMonth.spacing(), "the 30th, clipped to February's last day");
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2017, 4, 30, 0, 0)}, dayOfMonth.future(1));
        assertTrue(assertThrows(
                        ProblemException.class,
                        () -> reader.series(request(
                                List.of(point("2017-01-31", 1.0), point("2017-02-28", 2.0), point("2017-03-15", 3.0)),
                                1,
                                null)))
                .getMessage()
                .contains("only hourly"));
        assertTrue(
                assertThrows(
                                ProblemException.class,
                                () -> reader.series(request(
                                        List.of(
                                                point("2017-01-01", 1.0),
                                                point("2017-04-01", 2.0),
                                                point("2017-08-01", 3.0)),
                                        1,
                                        null)))
                        .getMessage()
                        .contains("irregular spacing"),
                "four months after a quarter is not a whole number of quarters");
    }

    @Test
    void switchesBuiltInSeasonalitiesOnRequest() {
        List<ForecastRequest.Point> series =
                List.of(point("2024-01-01", 1.0), point("2024-01-02", 2.0), point("2024-01-03", 3.0));
        ForecastRequest r = new ForecastRequest(
                series, 1, null, null, null, null, null, null, null, null, null, null, null, null, 4, 0, null, null);
        var options = reader.options(r, reader.series(r));
        assertEquals(4, options.yearly());
        assertEquals(0, options.weekly());
        assertEquals(io.retailpulse.forecasting.model.ModelOptions.AUTO, options.daily());
    }

    @Test
    void refusesWhatItCannotForecastWithTheReason() {
        assertEquals(
                "regressor promo needs 5 numbers: one per series point, then one per future step",
                assertThrows(
                                ProblemException.class,
                                () -> reader.series(request(
                                        List.of(
                                                point("2024-01-01", 1.0),
                                                point("2024-01-02", 2.0),
                                                point("2024-01-03", 3.0)),
                                        2,
                                        List.of(new ForecastRequest.RegressorSpec(
                                                "promo", List.of(1.0), null, null, null)))))
                        .getMessage());
        assertTrue(assertThrows(
                        ProblemException.class,
                        () -> reader.series(request(
                                List.of(
                                        point("2024-01-01", 1.0),
                                        point("2024-01-01T06:00:00", 2.0),
                                        point("2024-01-02", 3.0)),
                                1,
                                null)))
                .getMessage()
                .contains("only hourly"));
        assertTrue(assertThrows(
                        ProblemException.class,
                        () -> reader.series(request(
                                List.of(point("2024-01-01", 1.0), point("2024-01-02", 2.0), point("2024-01-03", 3.0)),
                                10_001,
                                null)))
                .getMessage()
                .contains("horizon"));
    }
}
