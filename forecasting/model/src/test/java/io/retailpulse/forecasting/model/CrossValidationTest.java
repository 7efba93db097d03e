package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    private static Frame daily(int n) {
        List<LocalDate> ds = new ArrayList<>();
        double[] y = new double[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            ds.add(LocalDate.of(2020, 1, 1).plusDays(i));
            y[i] = 10 + 0.01 * i + r.nextGaussian();
        }
        return Frame.ofDates(ds, y);
    }

    @Test
    void placesCutoffsAsProphetDoes() {
        Frame df = daily(100);
        List<LocalDateTime> cutoffs =
                CrossValidation.cutoffs(df, Duration.ofDays(40), Duration.ofDays(10), Duration.ofDays(20));
        // Last cutoff = last day - horizon; then every 10 days back while the cutoff is at least start + initial.
        LocalDateTime last = LocalDate.of(2020, 1, 1).plusDays(99).atStartOfDay();
        assertEquals(last.minusDays(20), cutoffs.get(cutoffs.size() - 1));
        assertEquals(last.minusDays(20 + 30), cutoffs.get(0));
        assertEquals(4, cutoffs.size());
    }

    @Test
    void predictsOnlyTheHorizonAfterEachCutoffAndScoresByHorizon() {
        Frame df = daily(200);
        FittedModel m = new Prophet().fit(df);
        List<CrossValidation.Row> rows =
                CrossValidation.run(m, df, Duration.ofDays(100), Duration.ofDays(30), Duration.ofDays(14));
        assertTrue(rows.stream()
                .allMatch(r ->
                        r.ds().isAfter(r.cutoff()) && !r.ds().isAfter(r.cutoff().plusDays(14))));
        assertEquals(
                14 * rows.stream().map(CrossValidation.Row::cutoff).distinct().count(), rows.size());
        List<PerformanceMetrics.Row> pm = PerformanceMetrics.compute(rows, 0.1);
        PerformanceMetrics.Row last = pm.get(pm.size() - 1);
        assertEquals(Duration.ofDays(14), last.horizon());
        assertTrue(last.mae() > 0.3 && last.mae() < 2, "noise is N(0,1): MAE " + last.mae());
        assertEquals(Math.sqrt(last.mse()), last.rmse(), 1e-12);
    }
}
