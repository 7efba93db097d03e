package io.retailpulse.nlp.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.ModelAssembler;
import io.retailpulse.nlp.TensorFile;
import io.retailpulse.nlp.onnx.proto.Onnx.ModelProto;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Graph edits through the classes generated from onnx.proto. */
class OnnxGraphTest {
    /** SHA-256 of the committed weights.ptt (pulse-text 2.1.0) the fingerprint below was recorded with. */
    private static final String WEIGHTS_2_1_0 = "9edf9f52677a4edc05a83eb86aed7c3a8476ae4e0601612d9f7902b21f9afa60";
    /**
     * SHA-256 of the fp32 model the former hand-written protobuf writer assembled from those weights, re-serialised
     * in protobuf's canonical field order (its own bytes interleaved appended nodes and initializers; the message is
     * the same). Recorded before that writer was removed.
     */
    private static final String ASSEMBLED_BY_HAND_WRITER =
            "6f32a8a962c0b7cb6d21a5e50ac67f7dab34ea1529697913589a32fd82e0bb46";

    @Test
    void baseEncoderModelRoundTripsUnchanged() {
        byte[] model = BaseEncoder.baseModelBytes(BaseEncoder.Base.served());

        assertArrayEquals(model, OnnxGraph.parse(model).toBytes());
    }

    @Test
    void assembledModelIsTheMessageTheHandWrittenWriterProduced() throws Exception {
        Properties props = new Properties();
        byte[] weights;
        try (InputStream p = getClass().getClassLoader().getResourceAsStream("models/pulse-text/model.properties");
                InputStream w = getClass().getClassLoader().getResourceAsStream("models/pulse-text/weights.ptt")) {
            props.load(p);
            weights = w.readAllBytes();
        }
        assumeTrue(sha256(weights).equals(WEIGHTS_2_1_0), "weights retrained since the fingerprint was recorded");
        Map<String, TensorFile.Tensor> tensors = TensorFile.read(new ByteArrayInputStream(weights));

        // the fingerprint predates the fused layer norms and attention: the writer is checked on the graph it wrote
        System.setProperty("pulse.skipln", "false");
        System.setProperty("pulse.attention.op", "none");
        byte[] assembled;
        try {
            assembled = ModelAssembler.assemble(
                    BaseEncoder.baseModelBytes(BaseEncoder.Base.of(props)),
                    tensors,
                    Float.parseFloat(props.getProperty("lora.scale")));
        } finally {
            System.clearProperty("pulse.skipln");
            System.clearProperty("pulse.attention.op");
        }

        assertEquals(ASSEMBLED_BY_HAND_WRITER, sha256(assembled));
    }

    @Test
    void editsAreReadBackFromTheWrittenModel() throws Exception {
        OnnxGraph g = OnnxGraph.parse(BaseEncoder.baseModelBytes(BaseEncoder.Base.served()));
        int nodes = g.nodes().size();
        g.putInitializer(new OnnxGraph.Tensor("t.w", new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        g.putInt8Initializer("t.q", new long[] {2}, new byte[] {-127, 5});
        g.addNode("Softmax", List.of("last_hidden_state"), List.of("t_out"), Map.of("axis", 2));
        g.addValue(false, "t_out", OnnxGraph.FLOAT, "batch_size", "sequence_length", 384);

        byte[] written = g.toBytes();
        OnnxGraph back = OnnxGraph.parse(written);

        assertArrayEquals(new float[] {1, 2, 3, 4}, back.initializer("t.w").data());
        assertEquals(nodes + 1, back.nodes().size());
        assertEquals(
                new OnnxGraph.Node("pulse_t_out", "Softmax", List.of("last_hidden_state"), List.of("t_out")),
                back.nodes().get(nodes));
        assertTrue(back.outputNames().contains("t_out"));
        assertEquals(
                2,
                ModelProto.parseFrom(written)
                        .getGraph()
                        .getNode(nodes)
                        .getAttribute(0)
                        .getI());
        back.removeInitializer("t.w");
        assertFalse(back.hasInitializer("t.w"));
        assertTrue(back.hasInitializer("t.q"));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
