package io.retailpulse.inference.complaints;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.retailpulse.inference.engine.Embedder;
import io.retailpulse.inference.engine.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * A transformer sentence encoder run by ONNX Runtime: tokenise, one forward pass per batch, then whatever heads
 * the caller attaches to the per-token states ({@link #forward}). {@link #embed} is the mean-pooled, L2-normalised
 * sentence embedding the topic engine uses; sentiment/NER heads can share the same pass through {@link #forward}.
 *
 * <p>Blocking and CPU-bound: call it from a worker thread, never from the event loop. Thread-safe (ONNX Runtime
 * sessions and the HF tokenizer are).
 */
public final class SentenceEncoder implements Embedder, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SentenceEncoder.class);

    /** The per-token output of one batch: {@code states[b][t][h]}, {@code mask[b][t]}, and the caller's indices. */
    public record TokenStates(int[] indices, float[][][] states, long[][] mask) {}

    /** Receives each batch's token states; runs on the caller's thread. */
    @FunctionalInterface
    public interface BatchHandler {
        void accept(TokenStates batch);
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final int batchSize;
    private final String name;

    public SentenceEncoder(EncoderSpec spec) {
        this.name = spec.modelResource();
        this.batchSize = Math.max(1, spec.batchSize());
        try (InputStream model = resource(spec.modelResource());
                InputStream tok = resource(spec.tokenizerResource())) {
            this.env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, spec.threads()));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model.readAllBytes(), options);
            Map<String, String> tokOptions = new HashMap<>();
            tokOptions.put("truncation", "true");
            tokOptions.put("padding", "false");
            tokOptions.put("maxLength", Integer.toString(spec.maxTokens()));
            this.tokenizer = HuggingFaceTokenizer.newInstance(tok, tokOptions);
            this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read encoder " + spec.modelResource(), e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load encoder " + spec.modelResource(), e);
        }
        LOG.infof(
                "Sentence encoder %s loaded (%d threads, batch %d, max %d tokens)",
                name, spec.threads(), batchSize, spec.maxTokens());
    }

    private static InputStream resource(String path) {
        InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("encoder resource not on the classpath: " + path);
        }
        return in;
    }

    public String name() {
        return name;
    }

    /**
     * Unit-length sentence embeddings, one row per text, in input order. With a batch size of 1 each text runs alone
     * (texts in parallel), so its vector never depends on what else was in the batch: the int8 model quantises
     * activations with one scale per batch, and a batched vector moves with its neighbours (cosine about 0.99).
     */
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        if (batchSize == 1) {
            IntStream.range(0, texts.size()).parallel().forEach(i -> {
                Encoding[] one = {tokenizer.encode(texts.get(i))};
                TokenStates states = run(new int[] {0}, one);
                out[i] = meanPool(states.states()[0], states.mask()[0]);
            });
            return out;
        }
        forward(texts, batch -> {
            for (int b = 0; b < batch.indices().length; b++) {
                out[batch.indices()[b]] = meanPool(batch.states()[b], batch.mask()[b]);
            }
        });
        return out;
    }

    /**
     * Runs the encoder over every text, in batches of similar length (little padding), handing each batch's
     * token states to {@code handler}.
     */
    public void forward(List<String> texts, BatchHandler handler) {
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
        }
        Integer[] order = IntStream.range(0, encodings.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] idx = new int[to - from];
            for (int k = from; k < to; k++) {
                idx[k - from] = order[k];
            }
            handler.accept(run(idx, encodings));
        }
    }

    private TokenStates run(int[] idx, Encoding[] encodings) {
        int rows = idx.length;
        int len = 0;
        for (int i : idx) {
            len = Math.max(len, encodings[i].getIds().length);
        }
        long[] ids = new long[rows * len];
        long[] mask = new long[rows * len];
        long[] types = new long[rows * len];
        long[][] masks = new long[rows][len];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings[idx[r]];
            long[] tokenIds = e.getIds();
            long[] tokenMask = e.getAttentionMask();
            long[] tokenTypes = e.getTypeIds();
            System.arraycopy(tokenIds, 0, ids, r * len, tokenIds.length);
            System.arraycopy(tokenMask, 0, mask, r * len, tokenMask.length);
            System.arraycopy(tokenTypes, 0, types, r * len, tokenTypes.length);
            System.arraycopy(tokenMask, 0, masks[r], 0, tokenMask.length);
        }
        long[] shape = {rows, len};
        try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", tIds);
            inputs.put("attention_mask", tMask);
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", tTypes);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] states = (float[][][]) result.get(0).getValue();
                return new TokenStates(idx, states, masks);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("encoder inference failed", e);
        }
    }

    /** Mean of the token states under the attention mask (padding excluded), scaled to unit length. */
    static float[] meanPool(float[][] tokens, long[] mask) {
        int hidden = tokens[0].length;
        float[] sum = new float[hidden];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int h = 0; h < hidden; h++) {
                sum[h] += tokens[t][h];
            }
        }
        if (count > 0) {
            for (int h = 0; h < hidden; h++) {
                sum[h] /= count;
            }
        }
        return Vectors.normalize(sum);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing the encoder session failed", e);
        }
        tokenizer.close();
    }
}
