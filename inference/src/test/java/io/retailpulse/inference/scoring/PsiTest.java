package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PsiTest {
    @Test
    void identicalDistributionsHaveZeroPsiWhateverTheCounts() {
        assertEquals(0.0, Psi.psi(new double[] {30, 30, 40}, new double[] {3, 3, 4}), 1e-12);
    }

    @Test
    void matchesTheTextbookValueForAShiftedLabelMix() {
        // (0.5-0.3)ln(0.5/0.3) + (0.2-0.3)ln(0.2/0.3) + (0.3-0.4)ln(0.3/0.4)
        double expected = 0.2 * Math.log(0.5 / 0.3) - 0.1 * Math.log(0.2 / 0.3) - 0.1 * Math.log(0.3 / 0.4);
        assertEquals(expected, Psi.psi(new double[] {3, 3, 4}, new double[] {5, 2, 3}), 1e-9);
    }

    @Test
    void anEmptyBinIsFlooredNotInfiniteAndAFullShiftIsLarge() {
        double psi = Psi.psi(new double[] {1, 0, 0}, new double[] {0, 0, 1});
        assertTrue(Double.isFinite(psi));
        assertTrue(psi > 5, "a complete shift is far above the 0.25 rule of thumb: " + psi);
    }
}
