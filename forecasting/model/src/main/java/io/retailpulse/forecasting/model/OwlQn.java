package io.retailpulse.forecasting.model;

/**
 * Limited-memory quasi-Newton minimiser of {@code f(x) + sum_i l1[i] * |x_i|}: OWL-QN (Andrew and Gao, 2007).
 * With every L1 weight zero it is plain L-BFGS with a backtracking Armijo line search. The L1 term is handled
 * exactly (orthant projection), so Laplace-prior coefficients land on zero instead of hovering around it.
 */
public final class OwlQn {
    private final int memory;
    private final int maxIterations;
    private final double relTolerance;
    private final double gradTolerance;
    private final double relGradTolerance;
    private final double paramTolerance;

    /** Stops on the relative objective change and the pseudo-gradient's size only (no Stan-style tests). */
    public OwlQn(int memory, int maxIterations, double relTolerance, double gradTolerance) {
        this(memory, maxIterations, relTolerance, gradTolerance, 0, 0);
    }

    /**
     * @param relGradTolerance stop when the quasi-Newton decrement {@code -d·pg} (the decrease a full step of the
     *     current curvature model expects) is below this times {@code max(|f|, 1)}: Stan's {@code tol_rel_grad}
     * @param paramTolerance stop when an accepted step is shorter than this (Euclidean): Stan's {@code tol_param}
     */
    public OwlQn(
            int memory,
            int maxIterations,
            double relTolerance,
            double gradTolerance,
            double relGradTolerance,
            double paramTolerance) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.relTolerance = relTolerance;
        this.gradTolerance = gradTolerance;
        this.relGradTolerance = relGradTolerance;
        this.paramTolerance = paramTolerance;
    }

    /**
     * The stopping rule of Stan's L-BFGS with its defaults, which is what Prophet's MAP fit runs: relative objective
     * change below 1e4·eps, relative gradient (quasi-Newton decrement) below 1e7·eps, step below 1e-8. With only the
     * objective test the L1-penalised changepoint fits crawled on for thousands of iterations gaining 1e-6 each
     * (a 730-day series: about 2,200 iterations); Stan stops those by the relative-gradient test, and so do we.
     */
    public static OwlQn defaults() {
        double eps = Math.ulp(1.0);
        return new OwlQn(10, 10_000, 1e4 * eps, 1e-9, 1e7 * eps, 1e-8);
    }

    /** Only the objective-change and gradient tests (the rule before Stan's tests were added), for comparisons. */
    public static OwlQn strict() {
        return new OwlQn(10, 10_000, 1e-12, 1e-9);
    }

    /** The outcome: the minimiser, the objective value there (with the L1 term) and the iterations used. */
    public record Result(double[] x, double value, int iterations, boolean converged) {}

    public Result minimize(Objective f, double[] start, double[] l1) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g) + l1Norm(x, l1);
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        int stored = 0;
        int head = 0;
        double[] pg = new double[n];
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] alpha = new double[memory];
        int iter = 0;
        boolean converged = false;
        while (iter < maxIterations) {
            iter++;
            pseudoGradient(x, g, l1, pg);
            if (normInf(pg) < gradTolerance) {
                converged = true;
                break;
            }
            // Two-loop recursion: d = -H pg.
            for (int i = 0; i < n; i++) {
                d[i] = -pg[i];
            }
            for (int j = 0; j < stored; j++) {
                int k = Math.floorMod(head - 1 - j, memory);
                alpha[k] = rho[k] * dot(s[k], d);
                axpy(-alpha[k], y[k], d);
            }
            if (stored > 0) {
                int k = Math.floorMod(head - 1, memory);
                double gamma = dot(s[k], y[k]) / dot(y[k], y[k]);
                for (int i = 0; i < n; i++) {
                    d[i] *= gamma;
                }
            } else {
                double scale = 1.0 / Math.max(1.0, norm2(pg));
                for (int i = 0; i < n; i++) {
                    d[i] *= scale;
                }
            }
            for (int j = stored - 1; j >= 0; j--) {
                int k = Math.floorMod(head - 1 - j, memory);
                double beta = rho[k] * dot(y[k], d);
                axpy(alpha[k] - beta, s[k], d);
            }
            // Stan's relative-gradient test: pg' H pg, the decrease the curvature model expects, measured before the
            // orthant projection below (which can shorten a direction far from the optimum) and only once the model
            // has curvature pairs (the first step is scaled steepest descent).
            if (stored > 0 && -dot(d, pg) < relGradTolerance * Math.max(1.0, Math.abs(fx))) {
                converged = true;
                break;
            }
            // Keep the direction in the descent orthant of the pseudo-gradient.
            for (int i = 0; i < n; i++) {
                if (l1[i] != 0 && d[i] * pg[i] >= 0) {
                    d[i] = 0;
                }
            }
            if (dot(d, pg) >= 0) {
                // Curvature memory went stale: restart from steepest descent.
                stored = 0;
                double scale = 1.0 / Math.max(1.0, norm2(pg));
                for (int i = 0; i < n; i++) {
                    d[i] = -pg[i] * scale;
                }
            }
            double step = 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < n; i++) {
                    double v = x[i] + step * d[i];
                    if (l1[i] != 0) {
                        double orthant = x[i] != 0 ? Math.signum(x[i]) : -Math.signum(pg[i]);
                        if (Math.signum(v) != orthant) {
                            v = 0;
                        }
                    }
                    xNew[i] = v;
                }
                fNew = f.evaluate(xNew, gNew) + l1Norm(xNew, l1);
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    decrease += pg[i] * (xNew[i] - x[i]);
                }
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                converged = stored == 0;
                if (stored == 0) {
                    break;
                }
                stored = 0;
                continue;
            }
            double[] sk = s[head];
            double[] yk = y[head];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-16 * Math.max(1.0, dot(yk, yk))) {
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double change = Math.abs(fx - fNew);
            double stepNorm = norm2(sk);
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (change <= relTolerance * Math.max(1.0, Math.abs(fx)) || stepNorm < paramTolerance) {
                converged = true;
                break;
            }
        }
        return new Result(x, fx, iter, converged);
    }

    private static void pseudoGradient(double[] x, double[] g, double[] l1, double[] pg) {
        for (int i = 0; i < x.length; i++) {
            double c = l1[i];
            if (c == 0) {
                pg[i] = g[i];
            } else if (x[i] > 0) {
                pg[i] = g[i] + c;
            } else if (x[i] < 0) {
                pg[i] = g[i] - c;
            } else if (g[i] + c < 0) {
                pg[i] = g[i] + c;
            } else if (g[i] - c > 0) {
                pg[i] = g[i] - c;
            } else {
                pg[i] = 0;
            }
        }
    }

    private static double l1Norm(double[] x, double[] l1) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += l1[i] * Math.abs(x[i]);
        }
        return sum;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm2(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double normInf(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
