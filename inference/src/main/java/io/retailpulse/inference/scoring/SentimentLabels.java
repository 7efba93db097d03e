package io.retailpulse.inference.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The three sentiment classes in the model's output order: negative, neutral, positive. */
public final class SentimentLabels {
    public static final List<String> ALL = List.of("negative", "neutral", "positive");

    private SentimentLabels() {}

    /** Index of the most probable class (ties: the first). */
    public static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    public static String label(float[] p) {
        return ALL.get(argmax(p));
    }

    /** Index of a label, case-insensitive; -1 when it is not one of the three. */
    public static int index(String label) {
        return label == null ? -1 : ALL.indexOf(label.trim().toLowerCase(Locale.ROOT));
    }

    public static Map<String, Double> scores(float[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < ALL.size(); i++) {
            m.put(ALL.get(i), round(p[i]));
        }
        return m;
    }

    /** Probabilities leave the service with 4 decimals: more is noise and bloats every record. */
    public static double round(double v) {
        return Math.round(v * 10_000d) / 10_000d;
    }
}
