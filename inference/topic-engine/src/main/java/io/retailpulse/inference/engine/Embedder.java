package io.retailpulse.inference.engine;

import java.util.List;

/**
 * Step 1, embed: documents → unit-length vectors (BERTopic's embedding model). The service implements it with its
 * ONNX sentence encoder; tests and callers with their own vectors use {@link TopicModel#fit(List, float[][], TopicParams)}.
 */
@FunctionalInterface
public interface Embedder {
    /** One unit-length row per text, in order. Blocking and CPU-bound. */
    float[][] embed(List<String> texts);
}
