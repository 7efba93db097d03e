package io.retailpulse.analytics.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CrossCorrelationTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 1);

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static NavigableMap<LocalDate, Double> noise(long seed, int days) {
        SplittableRandom r = new SplittableRandom(seed);
        NavigableMap<LocalDate, Double> s = new TreeMap<>();
        for (int d = 0; d < days; d++) {
            s.put(START.plusDays(d), gaussian(r));
        }
        return s;
    }

    /** AR(1) with coefficient phi: strongly autocorrelated like a sales series, independent of any other seed. */
    private static NavigableMap<LocalDate, Double> ar1(long seed, int days, double phi) {
        SplittableRandom r = new SplittableRandom(seed);
        NavigableMap<LocalDate, Double> s = new TreeMap<>();
        double v = 0;
        for (int d = -50; d < days; d++) {
            v = phi * v + gaussian(r);
            if (d >= 0) {
                s.put(START.plusDays(d), v);
            }
        }
        return s;
    }

    @Test
    void findsTheLagAtWhichSentimentLeadsSales() {
        NavigableMap<LocalDate, Double> sentiment = noise(1, 120);
        SplittableRandom r = new SplittableRandom(2);
        NavigableMap<LocalDate, Double> sales = new TreeMap<>();
        for (int d = 0; d < 120; d++) {
            LocalDate day = START.plusDays(d);
            Double lead = sentiment.get(day.minusDays(3));
            double weekly = day.getDayOfWeek().getValue() >= 6 ? 8 : 0;
            sales.put(day, 50 + weekly + 6 * (lead == null ? 0 : lead) + 2 * gaussian(r));
        }
        CrossCorrelation.Result result = CrossCorrelation.compute(sentiment, sales, 14, 0.05);
        assertEquals(29, result.lags().size());
        assertEquals(-14, result.lags().get(0).lag());
        assertEquals(3, result.best().lag(), "positive lag: sentiment on d against sales on d + 3");
        assertTrue(result.best().correlation() > 0.7, result.best().toString());
        assertTrue(
                result.best().pValue() < 1e-9 && result.best().significant(),
                result.best().toString());
        assertEquals(117, result.best().days(), "day d pairs with d + 3 while d + 3 is in the series");
        CrossCorrelation.Lag mirrored = result.lags().get(14 - 3);
        assertEquals(-3, mirrored.lag());
        assertFalse(mirrored.significant(), "sales do not lead sentiment: " + mirrored);
    }

    @Test
    void aDipAfterNegativeSentimentIsAPositiveCorrelation() {
        NavigableMap<LocalDate, Double> sentiment = noise(5, 90);
        NavigableMap<LocalDate, Double> sales = new TreeMap<>();
        sentiment.forEach((day, s) -> sales.put(day.plusDays(5), 100 + 20 * s));
        CrossCorrelation.Result result = CrossCorrelation.compute(sentiment, sales, 14, 0.05);
        assertEquals(5, result.best().lag());
        assertEquals(1.0, result.best().correlation(), 1e-12);
    }

    @Test
    void independentWhiteNoiseIsSignificantAtTheNominalRate() {
        int tested = 0, rejected = 0;
        for (long seed = 0; seed < 60; seed++) {
            CrossCorrelation.Result result =
                    CrossCorrelation.compute(noise(1000 + seed, 100), noise(5000 + seed, 100), 14, 0.05);
            for (CrossCorrelation.Lag lag : result.lags()) {
                tested++;
                rejected += lag.pValue() < 0.05 ? 1 : 0;
            }
        }
        double rate = rejected / (double) tested;
        assertTrue(rate > 0.02 && rate < 0.09, "p < 0.05 at rate " + rate + " of " + tested);
    }

    @Test
    void bartlettsCorrectionKeepsAutocorrelatedIndependentSeriesFromLookingCorrelated() {
        int tested = 0, rejected = 0, naive = 0;
        for (long seed = 0; seed < 60; seed++) {
            CrossCorrelation.Result result =
                    CrossCorrelation.compute(ar1(100 + seed, 120, 0.85), ar1(900 + seed, 120, 0.85), 14, 0.05);
            for (CrossCorrelation.Lag lag : result.lags()) {
                tested++;
                rejected += lag.pValue() < 0.05 ? 1 : 0;
                naive += Math.abs(lag.correlation()) > 1.96 / Math.sqrt(lag.days()) ? 1 : 0;
            }
        }
        double rate = rejected / (double) tested;
        double naiveRate = naive / (double) tested;
        assertTrue(naiveRate > 0.25, "the plain 1.96/sqrt(n) band flags " + naiveRate);
        assertTrue(rate < 0.12, "Bartlett's variance flags " + rate);
    }

    @Test
    void missingDaysAreLeftOutNotFilledIn() {
        NavigableMap<LocalDate, Double> sentiment = noise(7, 60);
        NavigableMap<LocalDate, Double> sales = noise(8, 60);
        for (int d = 0; d < 60; d += 3) {
            sentiment.remove(START.plusDays(d)); // 40 days with posts
        }
        CrossCorrelation.Result result = CrossCorrelation.compute(sentiment, sales, 14, 0.05);
        assertEquals(40, result.lags().get(14).days());
        // lag +14: sentiment days d with d + 14 < 60, i.e. d < 46, without the removed ones (0, 3, ..., 45: 16)
        assertEquals(30, result.lags().get(28).days());
    }

    @Test
    void tooFewPairedDaysOrAConstantSeriesGiveNoCorrelation() {
        CrossCorrelation.Result few =
                CrossCorrelation.compute(noise(1, CrossCorrelation.MIN_PAIRS - 1), noise(2, 200), 14, 0.05);
        assertNull(few.best());
        assertTrue(few.lags().stream().allMatch(l -> l.correlation() == null && l.pValue() == null));
        assertEquals(CrossCorrelation.MIN_PAIRS - 1, few.lags().get(14).days());

        NavigableMap<LocalDate, Double> flat = new TreeMap<>();
        noise(3, 60).keySet().forEach(day -> flat.put(day, 0.5));
        CrossCorrelation.Result constant = CrossCorrelation.compute(flat, noise(4, 60), 14, 0.05);
        assertNull(constant.best());
        assertEquals(0, constant.computed());
    }

    @Test
    void theNormalTailMatchesTables() {
        assertEquals(0.5, CrossCorrelation.upperTail(0), 1e-7);
        assertEquals(0.025, CrossCorrelation.upperTail(1.959964), 1e-6);
        assertEquals(0.158655, CrossCorrelation.upperTail(1), 1e-6);
        assertEquals(1.3499e-3, CrossCorrelation.upperTail(3), 1e-7);
    }

    @Test
    void withoutAutocorrelationThePValueIsTheWhiteNoiseBand() {
        double[] none = new double[15];
        // r = 1.96 / sqrt(n): p = 0.05
        assertEquals(0.05, CrossCorrelation.pValue(1.959964 / Math.sqrt(100), 100, none, none), 1e-5);
        double[] strong = new double[15];
        java.util.Arrays.fill(strong, 0.5);
        assertTrue(
                CrossCorrelation.pValue(1.959964 / Math.sqrt(100), 100, strong, strong) > 0.2,
                "shared autocorrelation widens the band");
    }
}
