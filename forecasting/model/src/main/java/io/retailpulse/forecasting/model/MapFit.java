package io.retailpulse.forecasting.model;

/**
 * Prophet's MAP estimate: maximises the same posterior as Prophet's Stan model,
 * k, m ~ N(0, 5); delta ~ Laplace(0, tau); beta ~ N(mean, sigmas); sigma_obs ~ half-N(0, 0.5);
 * y ~ N(trend * (1 + X_m beta) + X_a beta, sigma_obs), all on scaled y and t.
 * sigma_obs is profiled out in closed form (for a residual sum of squares R the optimum solves
 * 4 s^4 + n s^2 - R = 0), leaving an objective in (k, m, delta, beta) that OWL-QN minimises with the exact L1 term.
 * When the mean is linear in the parameters (linear or flat trend, additive terms only) the residual sum of
 * squares is a quadratic form: X'X and X'y are computed once and each iteration costs O(p^2), not O(n p).
 */
final class MapFit {
    /** Parameters of the fitted model, scaled units. */
    record Params(double k, double m, double[] deltas, double[] beta, double sigma, int iterations) {}

    private final Growth growth;
    private final double[] t;
    private final double[] y;
    private final double[] cap;
    private final double[] changepoints;
    private final double[][] x;
    private final boolean[] multiplicative;
    private final double[] priorScale;
    private final double[] priorMean;
    private final double tau;
    private final int n;
    private final int s;
    private final int f;

    MapFit(
            Growth growth,
            double[] t,
            double[] y,
            double[] cap,
            double[] changepoints,
            double[][] x,
            boolean[] multiplicative,
            double[] priorScale,
            double[] priorMean,
            double tau) {
        this.growth = growth;
        this.t = t;
        this.y = y;
        this.cap = cap;
        this.changepoints = growth == Growth.FLAT ? new double[0] : changepoints;
        this.x = x;
        this.multiplicative = multiplicative;
        this.priorScale = priorScale;
        this.priorMean = priorMean;
        this.tau = tau;
        this.n = t.length;
        this.s = this.changepoints.length;
        this.f = x.length;
    }

    Params fit(double k0, double m0) {
        double[] start = new double[2 + s + f];
        start[0] = k0;
        start[1] = m0;
        for (int j = 0; j < f; j++) {
            start[2 + s + j] = priorMean[j];
        }
        return fit(start);
    }

    /** The estimate from a given start (k, m, deltas, beta): a warm start near the optimum needs fewer iterations. */
    Params fit(double[] initial) {
        int p = 2 + s + f;
        if (initial.length != p) {
            throw new IllegalArgumentException("start needs " + p + " parameters, got " + initial.length);
        }
        double[] start = initial.clone();
        if (growth == Growth.FLAT) {
            start[0] = 0;
        }
        double[] l1 = new double[p];
        for (int j = 0; j < s; j++) {
            l1[2 + j] = 1.0 / tau;
        }
        boolean linearInParams = growth != Growth.LOGISTIC && !anyMultiplicative();
        Residuals residuals = linearInParams ? new Quadratic() : new General();
        Objective objective = (theta, grad) -> {
            double rss = residuals.rssAndGradient(theta, grad);
            double sigma2 = sigma2(rss);
            double w = 1.0 / (2 * sigma2);
            for (int i = 0; i < p; i++) {
                grad[i] *= w;
            }
            double value = rss * w + 0.5 * n * Math.log(sigma2) + 2 * sigma2;
            value += 0.5 * (theta[0] * theta[0] + theta[1] * theta[1]) / 25.0;
            grad[0] += theta[0] / 25.0;
            grad[1] += theta[1] / 25.0;
            for (int j = 0; j < f; j++) {
                int i = 2 + s + j;
                double z = (theta[i] - priorMean[j]) / priorScale[j];
                value += 0.5 * z * z;
                grad[i] += z / priorScale[j];
            }
            if (growth == Growth.FLAT) {
                grad[0] = 0;
            }
            return value;
        };
        // Diagonal preconditioning: optimise u = D theta with D_i = sqrt of the Gauss-Newton curvature of column i,
        // so every coordinate has a curvature near one. Far fewer quasi-Newton iterations on these designs.
        double[] d = residuals.curvatureScale(start);
        double[] u0 = new double[p];
        double[] l1u = new double[p];
        for (int i = 0; i < p; i++) {
            u0[i] = start[i] * d[i];
            l1u[i] = l1[i] / d[i];
        }
        double[] thetaBuf = new double[p];
        Objective scaled = (u, grad) -> {
            for (int i = 0; i < p; i++) {
                thetaBuf[i] = u[i] / d[i];
            }
            double v = objective.evaluate(thetaBuf, grad);
            for (int i = 0; i < p; i++) {
                grad[i] /= d[i];
            }
            return v;
        };
        OwlQn.Result result = OwlQn.defaults().minimize(scaled, u0, l1u);
        double[] theta = new double[p];
        for (int i = 0; i < p; i++) {
            theta[i] = result.x()[i] / d[i];
        }
        double rss = residuals.rssAndGradient(theta, new double[p]);
        double[] deltas = java.util.Arrays.copyOfRange(theta, 2, 2 + s);
        double[] beta = java.util.Arrays.copyOfRange(theta, 2 + s, p);
        return new Params(theta[0], theta[1], deltas, beta, Math.sqrt(sigma2(rss)), result.iterations());
    }

    private double sigma2(double rss) {
        return Math.max((-n + Math.sqrt((double) n * n + 16 * rss)) / 8, 1e-300);
    }

    private boolean anyMultiplicative() {
        for (boolean b : multiplicative) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** The residual sum of squares and its gradient. */
    private interface Residuals {
        double rssAndGradient(double[] theta, double[] grad);

        /** Square roots of the design's column sums of squares at the start (floored): the preconditioner. */
        double[] curvatureScale(double[] start);
    }

    /** Dot product with four independent accumulators (the JIT does not vectorise FP reductions). */
    private static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double[] sqrtOrOne(double[] sumsOfSquares) {
        double[] d = new double[sumsOfSquares.length];
        double max = 0;
        for (double v : sumsOfSquares) {
            max = Math.max(max, v);
        }
        for (int i = 0; i < d.length; i++) {
            // Floor relative to the largest column so near-empty columns are not blown up.
            d[i] = Math.sqrt(Math.max(sumsOfSquares[i], 1e-8 * max));
            if (d[i] == 0) {
                d[i] = 1;
            }
        }
        return d;
    }

    /** RSS = theta' G theta - 2 b' theta + y'y over the design [t, 1, (t - s_j)+, X]. */
    private final class Quadratic implements Residuals {
        private final double[][] g;
        private final double[] b;
        private final double yy;
        private final double[] gTheta;

        Quadratic() {
            int p = 2 + s + f;
            double[][] z = new double[p][];
            int[] from = new int[p];
            z[0] = t;
            z[1] = new double[n];
            java.util.Arrays.fill(z[1], 1.0);
            int first = 0;
            for (int j = 0; j < s; j++) {
                double[] col = new double[n];
                while (first < n && t[first] < changepoints[j]) {
                    first++;
                }
                from[2 + j] = first;
                for (int i = first; i < n; i++) {
                    col[i] = t[i] - changepoints[j];
                }
                z[2 + j] = col;
            }
            for (int j = 0; j < f; j++) {
                z[2 + s + j] = x[j];
            }
            // Row-wise outer products: the inner loop is an axpy over contiguous memory, which the JIT vectorises.
            g = new double[p][p];
            b = new double[p];
            double[] row = new double[p];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < p; a++) {
                    row[a] = z[a][i];
                }
                double yi = y[i];
                sum += yi * yi;
                for (int a = 0; a < p; a++) {
                    double za = row[a];
                    if (za == 0) {
                        continue;
                    }
                    double[] ga = g[a];
                    for (int c = a; c < p; c++) {
                        ga[c] += za * row[c];
                    }
                    b[a] += za * yi;
                }
            }
            for (int a = 0; a < p; a++) {
                for (int c = a + 1; c < p; c++) {
                    g[c][a] = g[a][c];
                }
            }
            yy = sum;
            gTheta = new double[p];
        }

        @Override
        public double[] curvatureScale(double[] start) {
            double[] diag = new double[g.length];
            for (int a = 0; a < g.length; a++) {
                diag[a] = g[a][a];
            }
            return sqrtOrOne(diag);
        }

        @Override
        public double rssAndGradient(double[] theta, double[] grad) {
            int p = theta.length;
            // G theta as a sum of G's rows (G is symmetric): axpy form, vectorised by the JIT.
            java.util.Arrays.fill(gTheta, 0);
            for (int c = 0; c < p; c++) {
                double tc = theta[c];
                if (tc == 0) {
                    continue;
                }
                double[] gc = g[c];
                for (int a = 0; a < p; a++) {
                    gTheta[a] += tc * gc[a];
                }
            }
            double quad = 0;
            double lin = 0;
            for (int a = 0; a < p; a++) {
                quad += theta[a] * gTheta[a];
                lin += b[a] * theta[a];
                grad[a] = 2 * (gTheta[a] - b[a]);
            }
            return Math.max(quad - 2 * lin + yy, 0);
        }
    }

    /** Direct evaluation for logistic trends and multiplicative terms: O(n p) per call. */
    private final class General implements Residuals {
        private final double[] trend = new double[n];
        private final double[] scale = new double[n];
        private final double[] w = new double[n];

        @Override
        public double[] curvatureScale(double[] start) {
            // Columns of the design linearised at the starting trend: t, 1, (t - s_j)+, additive features, and
            // multiplicative features times the trend (their derivative is trend * x).
            double[] trend0 = Trend.evaluate(growth, t, cap, start[0], start[1], new double[s], changepoints);
            double[] ss = new double[2 + s + f];
            for (int i = 0; i < n; i++) {
                ss[0] += t[i] * t[i];
                ss[1] += 1;
                for (int j = 0; j < s; j++) {
                    double v = Math.max(t[i] - changepoints[j], 0);
                    ss[2 + j] += v * v;
                }
            }
            for (int j = 0; j < f; j++) {
                double sum = 0;
                double[] col = x[j];
                for (int i = 0; i < n; i++) {
                    double v = multiplicative[j] ? col[i] * trend0[i] : col[i];
                    sum += v * v;
                }
                ss[2 + s + j] = sum;
            }
            return sqrtOrOne(ss);
        }

        @Override
        public double rssAndGradient(double[] theta, double[] grad) {
            double k = theta[0];
            double m = theta[1];
            double[] deltas = java.util.Arrays.copyOfRange(theta, 2, 2 + s);
            double[] tr = Trend.evaluate(growth, t, cap, k, m, deltas, changepoints);
            System.arraycopy(tr, 0, trend, 0, n);
            double[] yhat = new double[n];
            java.util.Arrays.fill(scale, 1.0);
            for (int j = 0; j < f; j++) {
                double beta = theta[2 + s + j];
                if (beta == 0) {
                    continue;
                }
                double[] col = x[j];
                if (multiplicative[j]) {
                    for (int i = 0; i < n; i++) {
                        scale[i] += col[i] * beta;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        yhat[i] += col[i] * beta;
                    }
                }
            }
            double rss = 0;
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                yhat[i] += trend[i] * scale[i];
                r[i] = yhat[i] - y[i];
                rss += r[i] * r[i];
            }
            java.util.Arrays.fill(grad, 0);
            double[] rt = new double[n];
            for (int i = 0; i < n; i++) {
                rt[i] = r[i] * trend[i];
            }
            for (int j = 0; j < f; j++) {
                grad[2 + s + j] = 2 * dot(multiplicative[j] ? rt : r, x[j]);
            }
            for (int i = 0; i < n; i++) {
                w[i] = 2 * r[i] * scale[i];
            }
            trendGradient(theta, grad);
            return rss;
        }

        /** d/d(k, m, deltas) of sum_i w_i trend_i. */
        private void trendGradient(double[] theta, double[] grad) {
            if (growth == Growth.LOGISTIC) {
                double[] probe = java.util.Arrays.copyOfRange(theta, 0, 2 + s);
                for (int q = 0; q < 2 + s; q++) {
                    double h = 1e-7 * Math.max(1.0, Math.abs(probe[q]));
                    double saved = probe[q];
                    probe[q] = saved + h;
                    double up = weighted(probe);
                    probe[q] = saved - h;
                    double down = weighted(probe);
                    probe[q] = saved;
                    grad[q] = (up - down) / (2 * h);
                }
                return;
            }
            double gk = 0;
            double gm = 0;
            for (int i = 0; i < n; i++) {
                gk += w[i] * t[i];
                gm += w[i];
            }
            grad[0] = growth == Growth.FLAT ? 0 : gk;
            grad[1] = gm;
            // sum_{t_i >= s_j} w_i (t_i - s_j) from suffix sums of w t and w: O(n + S), t and s sorted.
            double sumWt = 0;
            double sumW = 0;
            int i = n - 1;
            for (int j = s - 1; j >= 0; j--) {
                while (i >= 0 && t[i] >= changepoints[j]) {
                    sumWt += w[i] * t[i];
                    sumW += w[i];
                    i--;
                }
                grad[2 + j] = sumWt - changepoints[j] * sumW;
            }
        }

        private double weighted(double[] trendParams) {
            double[] deltas = java.util.Arrays.copyOfRange(trendParams, 2, 2 + s);
            double[] tr = Trend.evaluate(growth, t, cap, trendParams[0], trendParams[1], deltas, changepoints);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += w[i] * tr[i];
            }
            return sum;
        }
    }
}
