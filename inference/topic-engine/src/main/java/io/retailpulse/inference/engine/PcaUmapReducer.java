package io.retailpulse.inference.engine;

/** {@link Reducer#pcaThenUmap()}. */
final class PcaUmapReducer implements Reducer {
    static final PcaUmapReducer INSTANCE = new PcaUmapReducer();
    private static final int UMAP_NEIGHBOURS = 15;
    private static final long UMAP_SEED = 42;

    private PcaUmapReducer() {}

    @Override
    public float[][] reduce(float[][] centred, TopicParams params) {
        float[][] reduced = params.reducedDims() > 0 ? Pca.reduce(centred, params.reducedDims()) : centred;
        if (params.umapDims() > 0) {
            reduced = Umap.embed(
                    reduced, params.umapDims(), UMAP_NEIGHBOURS, Umap.defaultEpochs(reduced.length), UMAP_SEED);
        }
        return reduced;
    }
}
