package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Prophet#fit(Frame, FittedModel)}: the optimiser starts from another fit's parameters, same optimum. */
class ProphetWarmStartTest {
    private static final ModelOptions OPTIONS = ModelOptions.builder()
            .transform(Transform.LOG1P)
            .changepointPriorScale(0.01)
            .yearly(0)
            .intervalWidth(0.8)
            .build();

    /** A trending, weekly-seasonal daily series with noise and a level shift. */
    private static Frame series(int days) {
        Random random = new Random(7);
        List<LocalDate> dates = new ArrayList<>();
        double[] y = new double[days];
        LocalDate first = LocalDate.of(2021, 3, 1);
        for (int i = 0; i < days; i++) {
            dates.add(first.plusDays(i));
            double weekly = 6 * Math.sin(2 * Math.PI * i / 7.0);
            y[i] = Math.max(0, 30 + 0.02 * i + (i > days / 2 ? 8 : 0) + weekly + 3 * random.nextGaussian());
        }
        return Frame.ofDates(dates, y);
    }

    private static double[] yhat(FittedModel m) {
        return m.predict(m.makeFutureFrame(30, new LocalDateTime[0], false)).yhat();
    }

    @Test
    void startingFromItsOwnEstimateTheFitNeedsFewerIterationsForTheSameForecast() {
        Frame frame = series(400);
        FittedModel cold = new Prophet(OPTIONS).fit(frame);
        FittedModel warm = new Prophet(OPTIONS).fit(frame, cold);
        // The mapping from a model's parameters to a fit's start is the identity for the same history; the
        // optimiser still iterates (its stopping rule is relative, and its curvature memory starts empty).
        assertTrue(warm.iterations() < cold.iterations(), cold.iterations() + " -> " + warm.iterations());
        double[] a = yhat(cold);
        double[] b = yhat(warm);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-3 * Math.abs(a[i]), "day " + i);
        }
    }

    @Test
    void theFinalFitWarmStartedFromTheBacktestFitForecastsAsTheColdFitWithinTheOptimisersTolerance() {
        Frame full = series(400);
        int[] train = java.util.stream.IntStream.range(0, 372).toArray();
        FittedModel backtest = new Prophet(OPTIONS).fit(full.rows(train));
        FittedModel cold = new Prophet(OPTIONS).fit(full);
        FittedModel warm = new Prophet(OPTIONS).fit(full, backtest);
        double[] a = yhat(cold);
        double[] b = yhat(warm);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 2e-3 * Math.abs(a[i]), "day " + i);
        }
    }

    @Test
    void aModelWithOtherFeaturesStartsCold() {
        Frame full = series(400);
        FittedModel withoutWeekly = new Prophet(OPTIONS.toBuilder().weekly(0).build()).fit(full);
        FittedModel cold = new Prophet(OPTIONS).fit(full);
        FittedModel warm = new Prophet(OPTIONS).fit(full, withoutWeekly);
        assertEquals(cold.iterations(), warm.iterations());
    }
}
