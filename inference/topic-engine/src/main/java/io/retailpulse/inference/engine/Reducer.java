package io.retailpulse.inference.engine;

/** Step 2, reduce: centred embeddings → the low-dimensional space the clusterer sees (BERTopic's umap_model). */
@FunctionalInterface
public interface Reducer {
    float[][] reduce(float[][] centred, TopicParams params);

    /**
     * PCA to {@link TopicParams#reducedDims()} components (0: none), then UMAP to {@link TopicParams#umapDims()}
     * (0: none): PCA alone is what the service runs by default (faster, and as good on BANKING77/CFPB).
     */
    static Reducer pcaThenUmap() {
        return PcaUmapReducer.INSTANCE;
    }
}
