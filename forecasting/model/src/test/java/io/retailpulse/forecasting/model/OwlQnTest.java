package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OwlQnTest {
    private static final Objective ROSENBROCK = (x, g) -> {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };

    @Test
    void lbfgsFindsTheRosenbrockMinimumFromTheClassicStart() {
        OwlQn.Result r =
                new OwlQn(10, 10_000, 1e-15, 1e-10).minimize(ROSENBROCK, new double[] {-1.2, 1}, new double[2]);
        assertEquals(1.0, r.x()[0], 1e-5);
        assertEquals(1.0, r.x()[1], 1e-5);
        assertTrue(r.converged());
    }

    @Test
    void l1TermShrinksByItsWeightAndZeroesSmallCoefficientsExactly() {
        // f = 0.5 (x0 - 3)^2 + 0.5 (x1 - 1)^2 + 0.5 (x2 - 2)^2, L1 weight 2 on x0, x1 and none on x2.
        Objective f = (x, g) -> {
            g[0] = x[0] - 3;
            g[1] = x[1] - 1;
            g[2] = x[2] - 2;
            return 0.5 * ((x[0] - 3) * (x[0] - 3) + (x[1] - 1) * (x[1] - 1) + (x[2] - 2) * (x[2] - 2));
        };
        OwlQn.Result r = OwlQn.defaults().minimize(f, new double[] {0.5, 0.5, 0}, new double[] {2, 2, 0});
        assertEquals(1.0, r.x()[0], 1e-8);
        assertEquals(0.0, r.x()[1], 0.0);
        assertEquals(2.0, r.x()[2], 1e-8);
    }

    @Test
    void minimisesAnIllConditionedQuadratic() {
        double[] scales = {1, 10, 100, 1000, 1e4};
        Objective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = scales[i] * (x[i] - i);
                v += 0.5 * scales[i] * (x[i] - i) * (x[i] - i);
            }
            return v;
        };
        OwlQn.Result r = OwlQn.defaults().minimize(f, new double[5], new double[5]);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, r.x()[i], 1e-5);
        }
    }
}
