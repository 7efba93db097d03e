package io.retailpulse.forecasting.runs;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Test data shaped like the demo's planted effect (ingest's demo/plant/SentimentPlant): a 60-day window ending 10
 * days before the last day, five posts a day of varying mood and a 3-day negative burst 35 days in; the product's
 * daily sales follow the mood 3 days later ({@code 1 + 0.6 (mood − mean)}, within 0.2–1.6), on top of a weekly and
 * yearly cycle with Poisson-like noise. The measured sentiment is the mean of noisy post scores, as inference's.
 */
final class PlantedSentiment {
    static final int LAG = 3;
    static final int WINDOW = 60;
    static final int QUIET_AT_END = 10;
    static final int BURST_OFFSET = 35;

    final LocalDate first;
    final int days;
    final Map<LocalDate, Double> mood = new HashMap<>();
    /** Per post: day, signed score, negative? */
    final Map<LocalDate, double[]> posts = new HashMap<>();

    PlantedSentiment(LocalDate first, int days, long seed) {
        this.first = first;
        this.days = days;
        Random r = new Random(seed);
        LocalDate windowStart = first.plusDays(days - QUIET_AT_END - WINDOW);
        double sum = 0;
        int quiet = 0;
        for (int d = 0; d < WINDOW; d++) {
            LocalDate day = windowStart.plusDays(d);
            boolean burst = d >= BURST_OFFSET && d < BURST_OFFSET + 3;
            int n = burst ? 20 : 5;
            double positive = 0.15 + 0.8 * r.nextDouble();
            double[] scores = new double[n];
            int pos = 0;
            int neg = 0;
            for (int i = 0; i < n; i++) {
                double u = r.nextDouble();
                String label = burst
                        ? (i % 10 == 9 ? "neutral" : "negative")
                        : u < positive ? "positive" : u < positive + (1 - positive) * 0.6 ? "negative" : "neutral";
                pos += label.equals("positive") ? 1 : 0;
                neg += label.equals("negative") ? 1 : 0;
                double base = label.equals("positive") ? 0.75 : label.equals("negative") ? -0.75 : 0;
                scores[i] = Math.max(-1, Math.min(1, base + 0.2 * r.nextGaussian()));
            }
            posts.put(day, scores);
            double m = (pos - neg) / (double) n;
            mood.put(day, m);
            if (!burst) {
                sum += m;
                quiet++;
            }
        }
        double mean = sum / quiet;
        mood.replaceAll((d, m) -> Math.max(0.2, Math.min(1.6, 1 + 0.6 * (m - mean))));
    }

    /** The demand factor on {@code day}: 1 outside the window (shifted by the lag). */
    double factor(LocalDate day) {
        return mood.getOrDefault(day.minusDays(LAG), 1.0);
    }

    /** Units of a store of size {@code size} on day t (0-based); {@code planted}: the product follows the mood. */
    long units(int t, double size, boolean planted, Random noise) {
        LocalDate day = first.plusDays(t);
        double weekly = day.getDayOfWeek() == DayOfWeek.SATURDAY
                ? 1.3
                : day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1.2 : day.getDayOfWeek() == DayOfWeek.MONDAY ? 0.85 : 1;
        double yearly = 1 + 0.15 * Math.sin(2 * Math.PI * day.getDayOfYear() / 365.25);
        double mean = size * weekly * yearly * (planted ? factor(day) : 1);
        // Poisson by its normal approximation (means well above 10)
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * noise.nextGaussian()));
    }

    /** Mean post score per day (the {@code sentiment} source). */
    Map<LocalDate, Double> sentiment() {
        Map<LocalDate, Double> out = new HashMap<>();
        posts.forEach((d, s) -> out.put(d, java.util.Arrays.stream(s).average().orElse(0)));
        return out;
    }
}
