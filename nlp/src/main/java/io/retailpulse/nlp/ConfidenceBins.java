package io.retailpulse.nlp;

/**
 * The confidence histogram shared by the model card's drift reference and the service's drift monitor: the top
 * probability of a 3-class softmax lies in [1/3, 1], cut into {@link #COUNT} equal bins.
 */
public final class ConfidenceBins {
    public static final int COUNT = 10;
    private static final double LOW = 1.0 / 3;

    private ConfidenceBins() {}

    /** The bin of {@code confidence}; values outside [1/3, 1] fall into the first or last bin. */
    public static int of(double confidence) {
        int bin = (int) Math.floor((confidence - LOW) / (1 - LOW) * COUNT);
        return Math.max(0, Math.min(COUNT - 1, bin));
    }

    /** The middle of bin {@code b}. */
    public static double centre(int b) {
        return LOW + (b + 0.5) * (1 - LOW) / COUNT;
    }
}
