package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressorBacktestStepTest {

    @Test
    void originsOneStepApartCoverAStretchOnceEachAndTheDefaultStepIsHalfTheHorizon() {
        double[] y = new double[200];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + t % 7;
        }
        List<Integer> origins = new ArrayList<>();
        RegressorBacktest.Fitter fitter = (origin, regs, h) -> {
            if (regs.isEmpty()) {
                origins.add(origin);
            }
            return new double[h];
        };
        RegressorBacktest.Result r = RegressorBacktest.run(y, List.of(), 7, 3, 30, 3, fitter);
        assertEquals(30, r.folds());
        assertEquals(197, origins.get(0));
        assertEquals(200 - 3 * 30, origins.get(29));
        for (int i = 1; i < origins.size(); i++) {
            assertEquals(3, origins.get(i - 1) - origins.get(i));
        }
        origins.clear();
        RegressorBacktest.run(y, List.of(), 7, 30, 3, fitter);
        assertEquals(List.of(170, 155, 140), origins);
        assertThrows(IllegalArgumentException.class, () -> RegressorBacktest.run(y, List.of(), 7, 3, 3, 0, fitter));
        assertTrue(Double.isFinite(r.without()));
    }
}
