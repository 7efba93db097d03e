package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Theta models of Fiorucci et al. (2016) on series of known structure. */
class OptimisedThetaTest {

    private static double[] line(int n, double slope, double sigma, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + slope * t + sigma * r.nextGaussian();
        }
        return y;
    }

    @Test
    void dynamicOptimisedThetaFollowsALinearTrend() {
        double[] y = line(200, 0.5, 1, 3);
        OptimisedTheta.Fitted f = OptimisedTheta.dynamic().fit(y, 1);
        assertEquals(OptimisedTheta.Type.DOTM, f.type());
        assertTrue(f.theta() >= 1, f.describe());
        assertTrue(f.alpha() >= 0.1 && f.alpha() <= 0.99, f.describe());
        double[] mean = f.pointForecast(10);
        for (int k = 0; k < 10; k++) {
            assertEquals(100 + 0.5 * (200 + k), mean[k], 3, f.describe() + " step " + k);
        }
        // the slope of the forecast is the data's
        assertEquals(0.5, (mean[9] - mean[0]) / 9, 0.15, f.describe());
    }

    @Test
    void theDynamicModelReproducesRsForecastsOnAirPassengers() {
        // R forecTheta's dotm(AirPassengers, s = F, estimation = F, h = 5) (ℓ₀ = y₀/2, α = 0.5, θ = 2), the
        // figures statsforecast's own tests check against
        double[] air = {
            112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158,
            133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218,
            230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235,
            227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278,
            284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404,
            347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
            548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432
        };
        double[] f = OptimisedTheta.withParameters(OptimisedTheta.Type.DOTM, air, air[0] / 2, 0.5, 2)
                .pointForecast(5);
        double[] r = {441.9132, 443.2330, 444.5484, 445.8594, 447.1659};
        for (int k = 0; k < 5; k++) {
            assertEquals(r[k], f[k], 1e-3, "step " + k);
        }
        // fitted, the parameters beat the fixed ones in-sample
        OptimisedTheta.Fitted fitted = OptimisedTheta.dynamic().fit(air, 1);
        assertTrue(
                fitted.mse
                        <= OptimisedTheta.withParameters(OptimisedTheta.Type.DOTM, air, air[0] / 2, 0.5, 2).mse
                                        / Math.pow(mean(air), 2)
                                + 1e-12,
                fitted.describe());
    }

    private static double mean(double[] y) {
        double s = 0;
        for (double v : y) {
            s += Math.abs(v);
        }
        return s / y.length;
    }

    @Test
    void theDynamicCriterionFromItsPrecomputedPathIsTheSameToTheLastBit() {
        // the fit evaluates runDynamic (A and B computed once per series); it must equal run's value exactly, or
        // Nelder-Mead would take another path and the forecasts would move
        Random r = new Random(4);
        for (int n : new int[] {2, 3, 4, 5, 30, 440}) {
            double[] z = line(n, 0.2, 3, n);
            double[][] path = OptimisedTheta.dynamicPath(z);
            for (int i = 0; i < 50; i++) {
                double level0 = z[0] * (0.2 + r.nextDouble());
                double alpha = 0.1 + 0.89 * r.nextDouble();
                double theta = 1 + 5 * r.nextDouble();
                for (OptimisedTheta.Type type :
                        new OptimisedTheta.Type[] {OptimisedTheta.Type.DSTM, OptimisedTheta.Type.DOTM}) {
                    assertEquals(
                            Double.doubleToLongBits(OptimisedTheta.run(type, z, level0, alpha, theta, null)),
                            Double.doubleToLongBits(OptimisedTheta.runDynamic(z, path, level0, alpha, theta)),
                            "n=" + n + " " + type);
                }
            }
        }
    }

    @Test
    void autoThetaKeepsTheLowestInSampleErrorOfTheFourTypes() {
        double[] y = line(120, 0.3, 2, 9);
        OptimisedTheta.Fitted auto = OptimisedTheta.auto().fit(y, 1);
        for (OptimisedTheta.Type t : OptimisedTheta.Type.values()) {
            OptimisedTheta.Fitted one = OptimisedTheta.of(t).fit(y, 1);
            assertTrue(auto.mse <= one.mse + 1e-12, auto.describe() + " vs " + one.describe());
        }
        // the standard forms keep theta at 2
        assertEquals(2, OptimisedTheta.of(OptimisedTheta.Type.STM).fit(y, 1).theta(), 0);
        assertEquals(2, OptimisedTheta.of(OptimisedTheta.Type.DSTM).fit(y, 1).theta(), 0);
    }

    @Test
    void aSignificantSeasonIsDividedOutAndPutBackAndIntervalsWiden() {
        Random r = new Random(2);
        double[] y = new double[96];
        for (int t = 0; t < y.length; t++) {
            y[t] = (100 + 0.5 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12)) + r.nextGaussian();
        }
        OptimisedTheta.Fitted f = OptimisedTheta.dynamic().fit(y, 12);
        assertTrue(f.describe().contains("seasonally adjusted"), f.describe());
        SeriesForecast fc = f.predict(12, 0.8);
        for (int k = 0; k < 12; k++) {
            int t = 96 + k;
            assertEquals(
                    (100 + 0.5 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12)),
                    fc.mean()[k],
                    8,
                    f.describe() + " step " + k);
            assertTrue(fc.lower()[k] < fc.mean()[k] && fc.mean()[k] < fc.upper()[k]);
        }
        // noise alone: no season
        assertTrue(
                !OptimisedTheta.dynamic().fit(line(96, 0, 1, 4), 12).describe().contains("seasonally"));
        SeriesForecast plain =
                OptimisedTheta.dynamic().fit(line(96, 0, 1, 4), 1).predict(10, 0.8);
        assertTrue(plain.upper()[9] - plain.lower()[9] > plain.upper()[0] - plain.lower()[0]);
    }

    @Test
    void shortAndConstantSeriesAreForecast() {
        double[] flat =
                OptimisedTheta.dynamic().fit(new double[] {5, 5, 5, 5, 5, 5}, 1).pointForecast(3);
        for (double v : flat) {
            assertEquals(5, v, 1e-6);
        }
        assertEquals(
                3, OptimisedTheta.optimised().fit(new double[] {1, 2, 3}, 1).pointForecast(3).length);
    }
}
