package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.inference.engine.Vectors;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Maven Central MiniLM through ONNX Runtime: unit vectors, meaning-aware, independent of batching. */
class SentenceEncoderTest {
    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        System.setProperty("DJL_CACHE_DIR", "target/djl");
        encoder = new SentenceEncoder(EncoderSpec.miniLmQuantized());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void embeddingsAreUnitLengthWithTheModelsWidth() {
        float[][] e = encoder.embed(List.of("where is my parcel", "a"));
        assertEquals(384, e[0].length);
        for (float[] v : e) {
            assertEquals(1.0, Vectors.dot(v, v), 1e-4);
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() {
        float[][] e = encoder.embed(List.of(
                "my refund has not arrived", "I am still waiting for my money back", "the coffee tastes great"));
        assertTrue(
                Vectors.dot(e[0], e[1]) > Vectors.dot(e[0], e[2]) + 0.2,
                "paraphrase " + Vectors.dot(e[0], e[1]) + " vs unrelated " + Vectors.dot(e[0], e[2]));
    }

    /** One text per pass: a text's vector is bit for bit the same whatever else is embedded with it. */
    @Test
    void aTextsEmbeddingDoesNotDependOnItsNeighbours() {
        String shortText = "late delivery";
        float[] alone = encoder.embed(List.of(shortText))[0];
        float[] batched = encoder.embed(List.of(
                "this is a much longer sentence that forces padding on the short one",
                shortText,
                "where is my refund",
                "the app keeps crashing when I pay"))[1];
        assertArrayEquals(alone, batched);
    }

    /**
     * Batched passes mask padding out of the pooling; what remains is the int8 model's dynamic quantisation, whose
     * activation scale spans the whole batch (measured: cosine 0.990 for a 4-token text padded to 17).
     */
    @Test
    void paddingInABatchedPassBarelyChangesAnEmbedding() {
        try (SentenceEncoder batching =
                new SentenceEncoder(EncoderSpec.miniLmQuantized().withBatch(32, 2))) {
            String shortText = "late delivery";
            float[] alone = batching.embed(List.of(shortText))[0];
            float[] batched = batching.embed(
                            List.of("this is a much longer sentence that forces padding on the short one", shortText))[
                    1];
            assertTrue(Vectors.dot(alone, batched) > 0.98, "cosine " + Vectors.dot(alone, batched));
            assertFalse(java.util.Arrays.equals(alone, batched), "the batched pass is expected to move the vector");
        }
    }
}
