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

    @Test
    void stansRelativeGradientTestEndsTheSlowL1TailAtTheSameOptimum() {
        // A changepoint design like Prophet's: 730 days, 25 hinge columns (t - s_j)+ under an L1 prior, a weekly
        // pattern and noise, columns scaled to unit curvature as MapFit preconditions them. The objective-change test
        // alone crawls on through the L1 tail; Stan's tests stop it.
        int n = 730;
        int hinges = 25;
        int p = 2 + hinges + 6;
        double[][] x = new double[n][p];
        double[] y = new double[n];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            double t = i / (double) (n - 1);
            x[i][0] = t;
            x[i][1] = 1;
            for (int j = 0; j < hinges; j++) {
                x[i][2 + j] = Math.max(0, t - 0.8 * j / hinges);
            }
            if (i % 7 < 6) {
                x[i][2 + hinges + i % 7] = 1;
            }
            y[i] = 0.5
                    + 0.3 * t
                    - 0.6 * Math.max(0, t - 0.4)
                    + 0.1 * Math.sin(2 * Math.PI * i / 7)
                    + 0.05 * random.nextGaussian();
        }
        double[] norm = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                norm[j] += row[j] * row[j] / 0.0025;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] /= Math.sqrt(norm[j]);
            }
        }
        Objective f = (b, g) -> {
            java.util.Arrays.fill(g, 0);
            double v = 0;
            for (int i = 0; i < n; i++) {
                double r = -y[i];
                for (int j = 0; j < p; j++) {
                    r += x[i][j] * b[j];
                }
                v += 0.5 * r * r / 0.0025;
                for (int j = 0; j < p; j++) {
                    g[j] += x[i][j] * r / 0.0025;
                }
            }
            return v;
        };
        double[] l1 = new double[p];
        for (int j = 0; j < hinges; j++) {
            l1[2 + j] = 20 / Math.sqrt(norm[2 + j]);
        }
        OwlQn.Result strict = OwlQn.strict().minimize(f, new double[p], l1);
        OwlQn.Result stan = OwlQn.defaults().minimize(f, new double[p], l1);
        assertTrue(stan.converged());
        assertTrue(
                stan.iterations() < strict.iterations(),
                "Stan's rule " + stan.iterations() + " iterations, objective test alone " + strict.iterations());
        // Stan's tolerance, not the last digits: the objective within 1e-4 relative, fitted values within 0.1 %.
        assertEquals(strict.value(), stan.value(), 1e-4 * Math.abs(strict.value()));
        double fitGap = 0;
        for (int i = 0; i < n; i++) {
            double a = 0;
            double b = 0;
            for (int j = 0; j < p; j++) {
                a += x[i][j] * strict.x()[j];
                b += x[i][j] * stan.x()[j];
            }
            fitGap = Math.max(fitGap, Math.abs(a - b));
        }
        assertTrue(fitGap < 1e-3, "fitted values differ by " + fitGap);
    }
}
