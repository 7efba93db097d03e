package io.retailpulse.analytics.insights;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Lagged cross-correlation of two daily series with Bartlett's test of each lag. Plain Java, no framework: the maths
 * of {@code GET /api/v1/insights/sentiment-sales}.
 *
 * <p>Lag {@code k} pairs {@code x} on day {@code d} with {@code y} on day {@code d + k} (positive: x leads y), over
 * the days where both series have a value; {@code r_k} is Pearson's correlation of those pairs. Missing days are left
 * out, never filled in (a day without posts has no sentiment, not a neutral one).
 *
 * <p>Significance: under the null hypothesis that the series are not cross-correlated, Bartlett's formula gives the
 * variance of {@code r_k} for two autocorrelated series as {@code (1/n) (1 + 2 sum_{j=1..m} rho_x(j) rho_y(j))}; for
 * white noise that is the familiar {@code 1.96/sqrt(n)} band. Daily sales are strongly autocorrelated (weekly
 * rhythm), so the plain band would call far too much significant; the autocorrelations are estimated from the series
 * themselves up to {@code m} days. The factor is never taken below 1 (never claim less variance than white noise).
 * The two-sided p-value is {@code 2 (1 - Phi(|r| / sd))}. A lag is {@code significant} when its p-value is below
 * {@code alpha / (number of lags computed)} (Bonferroni), since the best of 29 lags is looked for.
 */
public final class CrossCorrelation {
    /** A lag's correlation needs at least this many paired days (Bartlett's variance is a large-sample result). */
    public static final int MIN_PAIRS = 20;

    /** One lag: correlation and p-value are null when fewer than {@link #MIN_PAIRS} days pair up or a side is constant. */
    public record Lag(int lag, Double correlation, Double pValue, int days, boolean significant) {}

    /** Every lag from {@code -maxLag} to {@code maxLag}, and the one with the largest |correlation| (null if none). */
    public record Result(List<Lag> lags, Lag best, int computed) {}

    private CrossCorrelation() {}

    public static Result compute(
            NavigableMap<LocalDate, Double> x, NavigableMap<LocalDate, Double> y, int maxLag, double alpha) {
        double[] rhoX = autocorrelations(x, maxLag);
        double[] rhoY = autocorrelations(y, maxLag);
        List<double[]> raw = new ArrayList<>();
        int computed = 0;
        for (int k = -maxLag; k <= maxLag; k++) {
            double[] r = lag(x, y, k);
            raw.add(r);
            if (!Double.isNaN(r[1])) {
                computed++;
            }
        }
        List<Lag> lags = new ArrayList<>(raw.size());
        Lag best = null;
        for (int i = 0; i < raw.size(); i++) {
            int k = i - maxLag;
            int n = (int) raw.get(i)[0];
            double r = raw.get(i)[1];
            Lag lag;
            if (Double.isNaN(r)) {
                lag = new Lag(k, null, null, n, false);
            } else {
                double p = pValue(r, n, rhoX, rhoY);
                lag = new Lag(k, r, p, n, p < alpha / computed);
                if (best == null
                        || Math.abs(r) > Math.abs(best.correlation())
                        || Math.abs(r) == Math.abs(best.correlation()) && Math.abs(k) < Math.abs(best.lag())) {
                    best = lag;
                }
            }
            lags.add(lag);
        }
        return new Result(lags, best, computed);
    }

    /** {paired days, Pearson r or NaN} of x on day d against y on day d + k. */
    static double[] lag(NavigableMap<LocalDate, Double> x, NavigableMap<LocalDate, Double> y, int k) {
        int n = 0;
        double sx = 0, sy = 0;
        for (Map.Entry<LocalDate, Double> e : x.entrySet()) {
            Double other = y.get(e.getKey().plusDays(k));
            if (other != null) {
                n++;
                sx += e.getValue();
                sy += other;
            }
        }
        if (n < MIN_PAIRS) {
            return new double[] {n, Double.NaN};
        }
        double mx = sx / n, my = sy / n;
        double sxy = 0, sxx = 0, syy = 0;
        for (Map.Entry<LocalDate, Double> e : x.entrySet()) {
            Double other = y.get(e.getKey().plusDays(k));
            if (other != null) {
                double dx = e.getValue() - mx, dy = other - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }
        if (sxx == 0 || syy == 0) {
            return new double[] {n, Double.NaN};
        }
        return new double[] {n, Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))};
    }

    /**
     * Sample autocorrelations rho(1..m) of a daily series over the pairs of days {@code j} apart that both have a
     * value (mean and variance from the whole series), 0 where fewer than 3 pairs exist. Index 0 is unused.
     */
    static double[] autocorrelations(NavigableMap<LocalDate, Double> s, int m) {
        double[] rho = new double[m + 1];
        if (s.size() < 3) {
            return rho;
        }
        double mean =
                s.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var =
                s.values().stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / s.size();
        if (var == 0) {
            return rho;
        }
        long span = ChronoUnit.DAYS.between(s.firstKey(), s.lastKey());
        for (int j = 1; j <= m && j <= span; j++) {
            double sum = 0;
            int pairs = 0;
            for (Map.Entry<LocalDate, Double> e : s.entrySet()) {
                Double later = s.get(e.getKey().plusDays(j));
                if (later != null) {
                    sum += (e.getValue() - mean) * (later - mean);
                    pairs++;
                }
            }
            rho[j] = pairs < 3 ? 0 : sum / pairs / var;
        }
        return rho;
    }

    /** Two-sided p-value of r from n pairs under Bartlett's variance for series with autocorrelations rhoX, rhoY. */
    static double pValue(double r, int n, double[] rhoX, double[] rhoY) {
        // Truncated at n/4 lags: beyond that the autocorrelation estimates are mostly noise.
        int m = Math.min(rhoX.length - 1, Math.max(0, n / 4));
        double factor = 1;
        for (int j = 1; j <= m; j++) {
            factor += 2 * rhoX[j] * rhoY[j];
        }
        double sd = Math.sqrt(Math.max(1, factor) / n);
        return Math.min(1, 2 * upperTail(Math.abs(r) / sd));
    }

    /**
     * 1 - Phi(z) for z >= 0, by the complementary error function of Numerical Recipes (erfcc, Chebyshev fit,
     * relative error below 1.2e-7). Hand-written: the JDK has no normal distribution and one function does not
     * justify a statistics library.
     */
    static double upperTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t
                * Math.exp(
                        -x * x
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return erfc / 2;
    }
}
