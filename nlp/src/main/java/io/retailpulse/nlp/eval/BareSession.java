package io.retailpulse.nlp.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.ModelAssembler;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.TextEncoding;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark baseline for a served model: the SAME assembled graph ({@link PulseTextModel#onnxModel}) in a bare
 * ONNX Runtime session with the same session options, fed the same tokenisation, sorted and padded the same way,
 * asking for the same outputs, and nothing else (no normalisation of outputs, no entity decoding, no result objects).
 */
public final class BareSession implements AutoCloseable {
    private static final Set<String> OUTPUTS =
            Set.of(ModelAssembler.OUT_SENTIMENT, ModelAssembler.OUT_FEATURES, ModelAssembler.OUT_NER);
    private static final List<String> INPUTS =
            List.of("input_ids", "attention_mask", "token_type_ids", ModelAssembler.IN_SHAPE);
    private static final List<String> ENCODER_INPUTS = INPUTS.subList(0, 3);
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Featurizer featurizer;
    /** Whether the graph is pulse-text's (its shape input and three outputs) or a published encoder's. */
    private final boolean pulseText;

    public BareSession(byte[] model, ModelOptions options, Featurizer featurizer) {
        this(model, options.intraOpThreads(), 1, featurizer);
    }

    /**
     * Thread settings under measurement: {@code interOpThreads} > 1 also switches ONNX Runtime to its parallel
     * execution mode (in the default sequential mode inter-op threads are never used).
     */
    public BareSession(byte[] model, int intraOpThreads, int interOpThreads, Featurizer featurizer) {
        this(model, intraOpThreads, interOpThreads, true, featurizer);
    }

    /** {@code spinning} false: idle intra-op threads sleep instead of spinning ({@code session.intra_op.allow_spinning=0}). */
    public BareSession(byte[] model, int intraOpThreads, int interOpThreads, boolean spinning, Featurizer featurizer) {
        this(model, intraOpThreads, interOpThreads, spinning, featurizer, true);
    }

    /**
     * A published encoder graph as it is (inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids};
     * every output computed), fed the same tokenisation and batches as pulse-text: a reference to measure it by.
     */
    public static BareSession published(byte[] graph, int intraOpThreads, Featurizer featurizer) {
        return new BareSession(graph, intraOpThreads, 1, true, featurizer, false);
    }

    private BareSession(
            byte[] model,
            int intraOpThreads,
            int interOpThreads,
            boolean spinning,
            Featurizer featurizer,
            boolean pulseText) {
        this.featurizer = featurizer;
        this.pulseText = pulseText;
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            so.setInterOpNumThreads(Math.max(1, interOpThreads));
            if (!spinning) {
                so.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            if (interOpThreads > 1) {
                so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
            }
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String profile = System.getProperty("pulse.ort.profile");
            if (profile != null) {
                String tag = profile + "-" + System.nanoTime();
                so.enableProfiling(tag);
                so.setOptimizedModelFilePath(tag + ".onnx");
            }
            this.session = env.createSession(model, so);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the bare session", e);
        }
    }

    /** Tokenises, sorts by length and runs the texts in one padded batch. */
    public void run(List<String> texts) {
        List<TextEncoding> rows = new ArrayList<>(texts.size());
        for (String t : texts) {
            rows.add(featurizer.encode(t));
        }
        rows.sort(Comparator.comparingInt(TextEncoding::length));
        Map<String, long[]> in = PulseTextModel.batchInputs(rows, pulseText);
        long[] shape = {rows.size(), in.get("len")[0]};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : pulseText ? INPUTS : ENCODER_INPUTS) {
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(in.get(name)), shape));
            }
            (pulseText ? session.run(inputs, OUTPUTS) : session.run(inputs)).close();
        } catch (OrtException e) {
            throw new IllegalStateException("bare session failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            if (System.getProperty("pulse.ort.profile") != null) {
                System.out.println("profile: " + session.endProfiling());
            }
            session.close();
        } catch (OrtException e) {
            // nothing to release beyond the session
        }
    }
}
