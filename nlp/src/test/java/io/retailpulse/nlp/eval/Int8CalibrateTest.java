package io.retailpulse.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The MSE-optimal activation range ({@code nlp/calibrate.sh --percentiles mse}). */
class Int8CalibrateTest {
    @Test
    void aFewFarOutliersAreClippedWhileMassInTheTailIsKept() {
        // values in [0, 100): a dense bulk in [0, 1) and one far value at 99
        double[] h = new double[8192];
        for (int i = 0; i < 82; i++) {
            h[i] = 1_000_000;
        }
        h[8110] = 1;
        double[] r = Int8Calibrate.mseRange(h, 0, 100);
        assertEquals(0, r[0], 1e-9);
        assertTrue(r[1] < 5, "one outlier costs less clipped than the bulk's rounding error: max " + r[1]);
        assertTrue(r[1] >= 0.9, "the bulk is not clipped: max " + r[1]);

        // the same tail carrying real mass (a tenth of the values spread up to 100) keeps most of the range
        for (int i = 82; i < 8192; i += 8) {
            h[i] = 800;
        }
        double[] wide = Int8Calibrate.mseRange(h, 0, 100);
        assertTrue(wide[1] > 80, "max " + wide[1]);
    }

    @Test
    void aSymmetricBellIsClippedOnBothSidesAroundZero() {
        double[] h = new double[8192];
        for (int i = 0; i < h.length; i++) {
            double v = -10 + 20.0 * (i + 0.5) / h.length;
            h[i] = 1e6 * Math.exp(-v * v / 2);
        }
        double[] r = Int8Calibrate.mseRange(h, -10, 10);
        assertTrue(r[0] < -2 && r[0] > -8, "min " + r[0]);
        assertTrue(r[1] > 2 && r[1] < 8, "max " + r[1]);
        assertEquals(-r[0], r[1], 0.1);
    }
}
