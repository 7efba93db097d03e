package io.retailpulse.inference.engine;

/**
 * Step 4, merge: clusters that are one topic worded several ways become one (BERTopic's topic reduction). Sees the
 * centred full embeddings, not the reduced points; ids need not be compact ({@code -1} kept).
 */
@FunctionalInterface
public interface Merger {
    int[] merge(float[][] centred, int[] labels, TopicParams params);

    /** Joins topics whose centroids reach {@link TopicParams#mergeSimilarity()} ({@link TopicMerger}). */
    static Merger bySimilarity() {
        return (centred, labels, params) -> TopicMerger.merge(centred, labels, params.mergeSimilarity());
    }
}
