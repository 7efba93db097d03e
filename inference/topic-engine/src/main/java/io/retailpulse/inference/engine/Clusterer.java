package io.retailpulse.inference.engine;

/** Step 3, cluster: reduced points → a cluster per point, {@code -1} for outliers (BERTopic's hdbscan_model). */
@FunctionalInterface
public interface Clusterer {
    int[] cluster(float[][] reduced, TopicParams params);

    /** HDBSCAN with {@link TopicParams#minTopicSize()}, {@link TopicParams#minSamples()}, {@link TopicParams#maxTopicShare()}. */
    static Clusterer hdbscan() {
        return (reduced, params) ->
                new Hdbscan(params.minTopicSize(), params.minSamples(), params.maxTopicShare()).cluster(reduced);
    }
}
