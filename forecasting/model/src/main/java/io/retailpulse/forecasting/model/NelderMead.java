package io.retailpulse.forecasting.model;

import java.util.function.ToDoubleFunction;

/**
 * Nelder-Mead as Commons Math 3's {@code SimplexOptimizer} with a {@code NelderMeadSimplex} (coefficients 1, 2,
 * 0.5, 0.5) and a {@code SimpleValueChecker}: the same points evaluated in the same order, so the same fit to the
 * last bit, without that code's per-iteration objects (point-value pairs, copies of the simplex, a comparator
 * sort). Why: ETS, Theta and DOTM run it thousands of times per {@code auto} fit, on objectives that cost a few
 * microseconds each. The callers keep the best point they evaluated; reaching {@code maxEval} stops the search
 * where Commons Math throws {@code TooManyEvaluationsException} (before that evaluation).
 */
final class NelderMead {

    private static final double RHO = 1.0;
    private static final double KHI = 2.0;
    private static final double GAMMA = 0.5;
    private static final double SIGMA = 0.5;

    private final ToDoubleFunction<double[]> f;
    private final int maxEval;
    private int evaluations;
    /** Vertices best first, and their values. */
    private final double[][] x;

    private final double[] v;

    private NelderMead(ToDoubleFunction<double[]> f, int n, int maxEval) {
        this.f = f;
        this.maxEval = maxEval;
        this.x = new double[n + 1][];
        this.v = new double[n + 1];
    }

    /**
     * Minimises f from {@code start}; the initial simplex is {@code start} and, for i = 0..n−1, start plus
     * {@code steps[0..i]} on the first i + 1 axes (Commons Math's). Stops when every vertex's value changed by at
     * most {@code rel} relative or {@code abs} absolute in one iteration, or after {@code maxEval} evaluations.
     */
    static void minimize(
            ToDoubleFunction<double[]> f, double[] start, double[] steps, double rel, double abs, int maxEval) {
        int n = steps.length;
        if (start.length != n) {
            throw new IllegalArgumentException("start and steps differ in length");
        }
        NelderMead nm = new NelderMead(f, n, maxEval);
        nm.x[0] = start.clone();
        nm.v[0] = Double.NaN;
        for (int i = 0; i < n; i++) {
            double[] vertex = new double[n];
            for (int k = 0; k < n; k++) {
                vertex[k] = start[k] + (k <= i ? steps[k] : 0.0);
            }
            nm.x[i + 1] = vertex;
            nm.v[i + 1] = Double.NaN;
        }
        if (!nm.evaluateAndSort()) {
            return;
        }
        double[] previous = new double[n + 1];
        for (int iteration = 0; ; iteration++) {
            if (iteration > 0) {
                boolean converged = true;
                for (int i = 0; i <= n && converged; i++) {
                    double p = previous[i];
                    double c = nm.v[i];
                    double difference = Math.abs(p - c);
                    double size = Math.max(Math.abs(p), Math.abs(c));
                    converged = difference <= size * rel || difference <= abs;
                }
                if (converged) {
                    return;
                }
            }
            System.arraycopy(nm.v, 0, previous, 0, n + 1);
            if (!nm.iterate()) {
                return;
            }
        }
    }

    /** Counts one evaluation; false when it would exceed {@code maxEval} (the search then stops, unevaluated). */
    private boolean budget() {
        return ++evaluations <= maxEval;
    }

    /** Evaluates the vertices without a value, in order, then sorts best first (stable, as Arrays.sort). */
    private boolean evaluateAndSort() {
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(v[i])) {
                if (!budget()) {
                    return false;
                }
                v[i] = f.applyAsDouble(x[i]);
            }
        }
        for (int i = 1; i < x.length; i++) { // insertion sort: stable, and the simplex has a handful of vertices
            double[] xi = x[i];
            double vi = v[i];
            int j = i - 1;
            while (j >= 0 && Double.compare(v[j], vi) > 0) {
                x[j + 1] = x[j];
                v[j + 1] = v[j];
                j--;
            }
            x[j + 1] = xi;
            v[j + 1] = vi;
        }
        return true;
    }

    /** Commons Math's replaceWorstPoint: the new vertex goes before the first worse one, the worst drops out. */
    private void replaceWorst(double[] point, double value) {
        int n = x.length - 1;
        for (int i = 0; i < n; i++) {
            if (Double.compare(v[i], value) > 0) {
                double[] tx = x[i];
                double tv = v[i];
                x[i] = point;
                v[i] = value;
                point = tx;
                value = tv;
            }
        }
        x[n] = point;
        v[n] = value;
    }

    /** One step of NelderMeadSimplex.iterate; false when the evaluation budget ran out. */
    private boolean iterate() {
        int n = x.length - 1;
        double best = v[0];
        double secondBest = v[n - 1];
        double worst = v[n];
        double[] xWorst = x[n];
        double[] centroid = new double[n];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            for (int j = 0; j < n; j++) {
                centroid[j] += xi[j];
            }
        }
        double scaling = 1.0 / n;
        for (int j = 0; j < n; j++) {
            centroid[j] *= scaling;
        }
        double[] xR = new double[n];
        for (int j = 0; j < n; j++) {
            xR[j] = centroid[j] + RHO * (centroid[j] - xWorst[j]);
        }
        if (!budget()) {
            return false;
        }
        double reflected = f.applyAsDouble(xR);
        if (Double.compare(best, reflected) <= 0 && Double.compare(reflected, secondBest) < 0) {
            replaceWorst(xR, reflected);
        } else if (Double.compare(reflected, best) < 0) {
            double[] xE = towards(centroid, xR, KHI);
            if (!budget()) {
                return false;
            }
            double expanded = f.applyAsDouble(xE);
            if (Double.compare(expanded, reflected) < 0) {
                replaceWorst(xE, expanded);
            } else {
                replaceWorst(xR, reflected);
            }
        } else {
            if (Double.compare(reflected, worst) < 0) { // outside contraction
                double[] xC = towards(centroid, xR, GAMMA);
                if (!budget()) {
                    return false;
                }
                double contracted = f.applyAsDouble(xC);
                if (Double.compare(contracted, reflected) <= 0) {
                    replaceWorst(xC, contracted);
                    return true;
                }
            } else { // inside contraction
                double[] xC = new double[n];
                for (int j = 0; j < n; j++) {
                    xC[j] = centroid[j] - GAMMA * (centroid[j] - xWorst[j]);
                }
                if (!budget()) {
                    return false;
                }
                double contracted = f.applyAsDouble(xC);
                if (Double.compare(contracted, worst) < 0) {
                    replaceWorst(xC, contracted);
                    return true;
                }
            }
            // shrink towards the best vertex
            double[] xSmallest = x[0];
            for (int i = 1; i <= n; i++) {
                x[i] = towards(xSmallest, x[i], SIGMA);
                v[i] = Double.NaN;
            }
            return evaluateAndSort();
        }
        return true;
    }

    /** {@code from + k (to − from)}, element by element, as Commons Math computes its trial points. */
    private static double[] towards(double[] from, double[] to, double k) {
        double[] p = new double[from.length];
        for (int j = 0; j < p.length; j++) {
            p[j] = from[j] + k * (to[j] - from[j]);
        }
        return p;
    }
}
