package io.retailpulse.nlp;

import java.nio.file.Path;

/**
 * @param intraOpThreads ONNX Runtime intra-op threads
 * @param djlCacheDir    where the tokenizer unpacks its native library (null: DJL's default or -DDJL_CACHE_DIR)
 * @param maxBatch       texts per encoder pass
 * @param precision      fp32 or int8 encoder; null: the model's default ({@code precision} in model.properties)
 * @param spinning       whether idle ONNX Runtime intra-op threads spin (ONNX Runtime's default) or sleep; sleeping
 *                       measured better on shared cores (inference/README.md, Throughput)
 */
public record ModelOptions(int intraOpThreads, Path djlCacheDir, int maxBatch, Precision precision, boolean spinning) {
    /** Spinning intra-op threads, ONNX Runtime's default. */
    public ModelOptions(int intraOpThreads, Path djlCacheDir, int maxBatch, Precision precision) {
        this(intraOpThreads, djlCacheDir, maxBatch, precision, true);
    }

    /** The model's default precision. */
    public ModelOptions(int intraOpThreads, Path djlCacheDir, int maxBatch) {
        this(intraOpThreads, djlCacheDir, maxBatch, null);
    }

    public static ModelOptions defaults() {
        return new ModelOptions(2, null, 32);
    }

    public ModelOptions withPrecision(Precision p) {
        return new ModelOptions(intraOpThreads, djlCacheDir, maxBatch, p, spinning);
    }

    public ModelOptions withSpinning(boolean spin) {
        return new ModelOptions(intraOpThreads, djlCacheDir, maxBatch, precision, spin);
    }
}
