package io.retailpulse.nlp;

import java.util.List;

/**
 * The result for one text: sentiment probabilities (negative, neutral, positive), entities, and the features
 * the final sentiment layer reads (a retrained {@link SentimentHead} is trained on these).
 */
public record TextAnalysis(float[] sentiment, List<Entity> entities, float[] features) {
    public static final List<String> LABELS = List.of("negative", "neutral", "positive");

    /** Index of the most probable label in {@link #LABELS}. */
    public int label() {
        int best = 0;
        for (int i = 1; i < sentiment.length; i++) {
            if (sentiment[i] > sentiment[best]) {
                best = i;
            }
        }
        return best;
    }
}
