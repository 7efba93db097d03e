package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void computesEachMetricByItsDefinition() {
        double[] actual = {10, 20, 0, 40};
        double[] predicted = {12, 18, 0, 50};
        double[] lower = {9, 19, 1, 30};
        double[] upper = {11, 25, 2, 45};
        double[] training = {1, 2, 3, 5, 8};
        Metrics m = Metrics.of(actual, predicted, lower, upper, training, 1);
        assertEquals((2 + 2 + 0 + 10) / 4.0, m.mae(), 1e-12);
        assertEquals(Math.sqrt((4 + 4 + 0 + 100) / 4.0), m.rmse(), 1e-12);
        assertEquals((0.2 + 0.1 + 0.25) / 3, m.mape(), 1e-12, "zero actuals are left out of MAPE");
        assertEquals(100 * (4 / 22.0 + 4 / 38.0 + 0 + 20 / 90.0) / 4, m.smape(), 1e-12, "0/0 counts as 0");
        assertEquals(m.mae() / ((1 + 1 + 2 + 3) / 4.0), m.mase(), 1e-12);
        double mean = 17.5;
        double tss = Math.pow(10 - mean, 2) + Math.pow(20 - mean, 2) + Math.pow(0 - mean, 2) + Math.pow(40 - mean, 2);
        assertEquals(1 - 108 / tss, m.r2(), 1e-12);
        assertEquals(0.75, m.coverage(), 1e-12, "0 lies below [1, 2]");
    }
}
