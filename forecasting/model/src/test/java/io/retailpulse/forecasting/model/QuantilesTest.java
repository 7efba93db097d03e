package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantilesTest {
    @Test
    void selectionGivesTheSameLinearlyInterpolatedQuantilesAsSorting() {
        SplittableRandom r = new SplittableRandom(7);
        for (int size : new int[] {1, 2, 5, 100, 1000}) {
            double[] v = r.doubles(size).map(x -> Math.floor(x * 20)).toArray(); // ties on purpose
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            for (double q : new double[] {0, 0.1, 0.25, 0.5, 0.9, 1}) {
                double pos = q * (size - 1);
                int lo = (int) Math.floor(pos);
                double expected = sorted[lo] + (pos - lo) * (sorted[Math.min(lo + 1, size - 1)] - sorted[lo]);
                assertEquals(expected, Quantiles.of(v.clone(), q), 1e-12, "size " + size + " q " + q);
            }
        }
    }
}
