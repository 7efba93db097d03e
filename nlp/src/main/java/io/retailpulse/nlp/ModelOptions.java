package io.retailpulse.nlp;

import java.nio.file.Path;

/**
 * @param intraOpThreads ONNX Runtime intra-op threads
 * @param djlCacheDir    where the tokenizer unpacks its native library (null: DJL's default or -DDJL_CACHE_DIR)
 * @param maxBatch       texts per encoder pass
 */
public record ModelOptions(int intraOpThreads, Path djlCacheDir, int maxBatch) {
    public static ModelOptions defaults() {
        return new ModelOptions(2, null, 32);
    }
}
