package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.junit.jupiter.api.Test;

/** {@link NelderMead} evaluates exactly the points Commons Math's Nelder-Mead evaluates, in the same order. */
class NelderMeadTest {

    private static List<double[]> commons(
            ToDoubleFunction<double[]> f, double[] start, double[] steps, double rel, double abs, int maxEval) {
        List<double[]> seen = new ArrayList<>();
        try {
            new SimplexOptimizer(new SimpleValueChecker(rel, abs))
                    .optimize(
                            new MaxEval(maxEval),
                            new ObjectiveFunction(x -> {
                                seen.add(x.clone());
                                return f.applyAsDouble(x);
                            }),
                            GoalType.MINIMIZE,
                            new InitialGuess(start),
                            new NelderMeadSimplex(steps));
        } catch (TooManyEvaluationsException e) {
            // the sequence so far is what is compared
        }
        return seen;
    }

    private static List<double[]> ours(
            ToDoubleFunction<double[]> f, double[] start, double[] steps, double rel, double abs, int maxEval) {
        List<double[]> seen = new ArrayList<>();
        NelderMead.minimize(
                x -> {
                    seen.add(x.clone());
                    return f.applyAsDouble(x);
                },
                start,
                steps,
                rel,
                abs,
                maxEval);
        return seen;
    }

    private static void same(ToDoubleFunction<double[]> f, double[] start, double[] steps, double rel, int maxEval) {
        List<double[]> want = commons(f, start, steps, rel, 1e-12, maxEval);
        List<double[]> got = ours(f, start, steps, rel, 1e-12, maxEval);
        assertEquals(want.size(), got.size(), "evaluations");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), 0.0, "evaluation " + i);
        }
    }

    @Test
    void evaluatesTheSamePointsAsCommonsMath() {
        ToDoubleFunction<double[]> rosenbrock = x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2);
        same(rosenbrock, new double[] {-1.2, 1}, new double[] {0.1, 0.1}, 1e-10, 5000);
        // stopped by the evaluation limit mid-search
        same(rosenbrock, new double[] {-1.2, 1}, new double[] {0.1, 0.1}, 1e-10, 57);
        // a penalty plateau (as ETS's inadmissible region) and ties, in 5 dimensions
        ToDoubleFunction<double[]> plateau = x -> {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] < -0.5) {
                    return 1e100;
                }
                s += (i + 1) * Math.abs(x[i] - 0.3 * i);
            }
            return Math.floor(s * 1000) / 1000;
        };
        same(plateau, new double[] {0, 0, 0, 0, 0}, new double[] {0.2, -0.1, 0.3, 0.05, 0.1}, 1e-6, 2000);
    }

    @Test
    void findsTheMinimumOfABowl() {
        double[] best = {Double.MAX_VALUE, 0, 0};
        NelderMead.minimize(
                x -> {
                    double v = Math.pow(x[0] - 3, 2) + 2 * Math.pow(x[1] + 1, 2);
                    if (v < best[0]) {
                        best[0] = v;
                        best[1] = x[0];
                        best[2] = x[1];
                    }
                    return v;
                },
                new double[] {0, 0},
                new double[] {0.5, 0.5},
                1e-12,
                1e-14,
                2000);
        assertTrue(Math.abs(best[1] - 3) < 1e-4 && Math.abs(best[2] + 1) < 1e-4, best[1] + ", " + best[2]);
    }
}
