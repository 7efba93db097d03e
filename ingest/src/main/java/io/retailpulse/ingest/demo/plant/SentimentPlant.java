package io.retailpulse.ingest.demo.plant;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The demo's planted effect, known in advance so that the correlation endpoint can be checked against it: over a
 * {@value #WINDOW_DAYS}-day window, one product ({@value #PRODUCT}) gets {@value #POSTS_PER_DAY} shopper posts a day
 * whose mix of labels changes from day to day, with a burst of negative posts on {@value #BURST_DAYS} days in the
 * middle; that product's demand in every store then follows the day's planned mood {@value #LAG_DAYS} days later,
 * so the burst is followed by a sales dip. Fully determined by the seed; outside the window nothing changes.
 *
 * <p>Mood of a day: (positive - negative) / posts of the plan, in [-1, 1] like inference's mean sentiment
 * ({@code p_positive - p_negative}). Demand factor on day d: {@code 1 + EFFECT (mood(d - LAG) - mean mood)}, kept
 * within [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}].
 */
public final class SentimentPlant {
    public static final String PRODUCT = "SKU-0003";
    public static final int LAG_DAYS = 3;
    public static final int WINDOW_DAYS = 60;
    public static final int BURST_DAYS = 3;
    /** The burst starts on this day of the window. */
    public static final int BURST_OFFSET = 35;
    /**
     * The window ends this many days before the backfill's last day: clear of the post generator's posts (stamped
     * within the last 7 days), which would blur the plan.
     */
    public static final int QUIET_DAYS_AT_END = 10;

    public static final int POSTS_PER_DAY = 5;
    public static final int BURST_POSTS_PER_DAY = 20;
    static final double EFFECT = 0.6;
    static final double MIN_FACTOR = 0.2;
    static final double MAX_FACTOR = 1.6;

    public static final String POSITIVE = "positive";
    public static final String NEUTRAL = "neutral";
    public static final String NEGATIVE = "negative";

    private final LocalDate windowStart;
    private final Map<LocalDate, List<String>> labels = new TreeMap<>();
    private final Map<LocalDate, Double> mood = new TreeMap<>();
    private final double meanMood;

    private SentimentPlant(long seed, LocalDate windowStart) {
        this.windowStart = windowStart;
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_5A1E5L);
        double sum = 0;
        int quietDays = 0;
        for (int d = 0; d < WINDOW_DAYS; d++) {
            LocalDate day = windowStart.plusDays(d);
            List<String> dayLabels = new ArrayList<>();
            if (d >= BURST_OFFSET && d < BURST_OFFSET + BURST_DAYS) {
                for (int i = 0; i < BURST_POSTS_PER_DAY; i++) {
                    dayLabels.add(i % 10 == 9 ? NEUTRAL : NEGATIVE);
                }
            } else {
                // Each quiet day has its own mood: the share of positive posts varies, so the series has variance
                // for the correlation to work on beyond the burst.
                double positive = 0.15 + 0.8 * random.nextDouble();
                for (int i = 0; i < POSTS_PER_DAY; i++) {
                    double u = random.nextDouble();
                    dayLabels.add(u < positive ? POSITIVE : u < positive + (1 - positive) * 0.6 ? NEGATIVE : NEUTRAL);
                }
            }
            double m = (Collections.frequency(dayLabels, POSITIVE) - Collections.frequency(dayLabels, NEGATIVE))
                    / (double) dayLabels.size();
            labels.put(day, List.copyOf(dayLabels));
            mood.put(day, m);
            if (dayLabels.size() == POSTS_PER_DAY) {
                sum += m;
                quietDays++;
            }
        }
        this.meanMood = sum / quietDays;
    }

    /** The plan of a backfill of {@code days} days from {@code start}; check {@link #fits} first. */
    public static SentimentPlant forBackfill(long seed, LocalDate start, int days) {
        LocalDate last = start.plusDays(days - 1L);
        return new SentimentPlant(seed, last.minusDays(QUIET_DAYS_AT_END + WINDOW_DAYS - 1L));
    }

    /** Null when a backfill of that size can carry the plant, else the reason. */
    public static String fits(int days, int products) {
        if (days < WINDOW_DAYS + QUIET_DAYS_AT_END + LAG_DAYS) {
            return "plant needs a backfill of at least " + (WINDOW_DAYS + QUIET_DAYS_AT_END + LAG_DAYS) + " days";
        }
        int needed = Integer.parseInt(PRODUCT.substring(PRODUCT.indexOf('-') + 1));
        if (products < needed) {
            return "plant needs at least " + needed + " products (it plants on " + PRODUCT + ")";
        }
        return null;
    }

    /** The labels of the posts planted on {@code day}; empty outside the window. */
    public List<String> labels(LocalDate day) {
        return labels.getOrDefault(day, List.of());
    }

    /** The planned mood of a day of the window; NaN outside it. */
    public double mood(LocalDate day) {
        return mood.getOrDefault(day, Double.NaN);
    }

    /** The multiplier of {@code productId}'s expected demand on {@code date}: 1 but for the planted product. */
    public double salesFactor(String productId, LocalDate date) {
        if (!PRODUCT.equals(productId)) {
            return 1;
        }
        Double m = mood.get(date.minusDays(LAG_DAYS));
        if (m == null) {
            return 1;
        }
        return Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, 1 + EFFECT * (m - meanMood)));
    }

    public LocalDate windowStart() {
        return windowStart;
    }

    public LocalDate windowEnd() {
        return windowStart.plusDays(WINDOW_DAYS - 1L);
    }

    public LocalDate burstStart() {
        return windowStart.plusDays(BURST_OFFSET);
    }

    public LocalDate burstEnd() {
        return burstStart().plusDays(BURST_DAYS - 1L);
    }

    /** Every planted day with its labels, in date order. */
    public Map<LocalDate, List<String>> plan() {
        return Collections.unmodifiableMap(labels);
    }
}
