package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ETS's filter ({@link Ets#likelihood}, the hot loop of every ETS fit) against the textbook form of the same
 * recursions: bit for bit, as a changed last bit changes Nelder-Mead's path and so auto's forecasts.
 */
class EtsLikelihoodTest {

    /** The recursions as written before the loop was tuned: season index t % m, β/α in every step. */
    private static double reference(
            double[] y, int m, Ets.Spec spec, double[] p, double l, double b, double[] s0, double[] end) {
        double alpha = p[0];
        double beta = p[1];
        double gamma = p[2];
        double phi = p[3];
        double[] s = s0.clone();
        Ets.Season se = spec.season();
        Ets.Trend tr = spec.trend();
        double sse = 0;
        double logSum = 0;
        for (int t = 0; t < y.length; t++) {
            int j = m > 1 ? t % m : 0;
            double phib = Ets.phib(tr, b, phi);
            double q = l + phib;
            double sv = s[j];
            double yhat = se == Ets.Season.M ? q * sv : se == Ets.Season.A ? q + sv : q;
            double e;
            if (spec.multiplicativeError()) {
                if (!(yhat > 1e-10) || (se == Ets.Season.M && !(sv > 1e-10))) {
                    return 1e100;
                }
                e = (y[t] - yhat) / yhat;
                logSum += Math.log(yhat);
            } else {
                e = y[t] - yhat;
            }
            sse += e * e;
            double pv = se == Ets.Season.A ? y[t] - sv : se == Ets.Season.M ? y[t] / sv : y[t];
            double ln = q + alpha * (pv - q);
            if (tr != Ets.Trend.N) {
                b = phib + beta / alpha * (ln - l - phib);
            }
            if (se == Ets.Season.A) {
                s[j] = sv + gamma * ((y[t] - q) - sv);
            } else if (se == Ets.Season.M) {
                if (!(q > 1e-10)) {
                    return 1e100;
                }
                s[j] = sv + gamma * (y[t] / q - sv);
            }
            l = ln;
        }
        end[0] = l;
        end[1] = b;
        end[2] = sse;
        double v = y.length * Math.log(Math.max(sse, 1e-300)) + 2 * logSum;
        return Double.isFinite(v) ? v : 1e100;
    }

    @Test
    void theFilterMatchesTheTextbookRecursionsToTheLastBit() {
        Random r = new Random(11);
        for (boolean multErr : new boolean[] {false, true}) {
            for (Ets.Trend trend : Ets.Trend.values()) {
                for (Ets.Season season : Ets.Season.values()) {
                    Ets.Spec spec = new Ets.Spec(multErr, trend, season);
                    for (int m : season == Ets.Season.N ? new int[] {1} : new int[] {2, 4, 7, 12}) {
                        for (int trial = 0; trial < 20; trial++) {
                            int n = 1 + r.nextInt(200);
                            double[] y = new double[n];
                            for (int t = 0; t < n; t++) {
                                y[t] = 1 + 0.3 * Math.sin(2 * Math.PI * t / m) + 0.1 * r.nextGaussian();
                            }
                            double alpha = 0.05 + 0.9 * r.nextDouble();
                            double[] p = {
                                alpha, alpha * r.nextDouble(), (1 - alpha) * r.nextDouble(), 0.8 + 0.18 * r.nextDouble()
                            };
                            double[] s0 = new double[m];
                            for (int j = 0; j < m; j++) {
                                s0[j] = season == Ets.Season.M ? 1 + 0.2 * r.nextGaussian() : 0.2 * r.nextGaussian();
                            }
                            double l = 1 + 0.1 * r.nextGaussian();
                            double b = 0.01 * r.nextGaussian();
                            double[] endRef = new double[3];
                            double[] end = new double[3];
                            double[] season0 = new double[m];
                            double want = reference(y, m, spec, p, l, b, s0, endRef);
                            double got = Ets.likelihood(y, m, spec, p, l, b, s0, season0, end);
                            assertEquals(
                                    Double.doubleToLongBits(want),
                                    Double.doubleToLongBits(got),
                                    spec.code() + " m=" + m);
                            if (want < 1e100) {
                                assertArrayEquals(endRef, end, 0.0, spec.code());
                            }
                        }
                    }
                }
            }
        }
    }
}
