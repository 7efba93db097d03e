package io.retailpulse.nlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.nlp.onnx.OnnxGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real ONNX Runtime, real base encoder: the assembled graph must compute exactly what the heads say. */
class PulseTextModelTest {
    private static final List<String> TEXTS = List.of(
            "The new store in Leeds is great!!! #BlackFriday",
            "@Tesco worst service ever 😡 never again",
            "meh",
            "Barack Obama visited Paris and met Angela Merkel.");
    private static PulseTextModel served;
    private static PulseTextModel synthetic;
    private static BaseEncoder base;
    private static Map<String, TensorFile.Tensor> heads;

    @BeforeAll
    static void load() {
        ModelOptions options = new ModelOptions(2, null, 8);
        served = PulseTextModel.load(options);
        base = new BaseEncoder(options, served.maxTokens());
        heads = syntheticHeads(new Random(3));
        Properties props = new Properties();
        props.setProperty("maxTokens", "128");
        props.setProperty("base.onnx", BaseEncoder.Base.served().onnx());
        props.setProperty("base.tokenizer", BaseEncoder.Base.served().tokenizer());
        String card =
                "{\"name\":\"t\",\"version\":\"0\",\"task\":\"t\",\"trainedAt\":\"2026-01-01T00:00:00Z\",\"trainingData\":\"none\",\"metrics\":{}}";
        synthetic = PulseTextModel.fromArtifacts(options, props, heads, card, System.nanoTime());
    }

    @AfterAll
    static void close() {
        served.close();
        synthetic.close();
        base.close();
    }

    private static float[][] random(Random rnd, int rows, int cols, float scale) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) rnd.nextGaussian() * scale;
            }
        }
        return m;
    }

    private static Map<String, TensorFile.Tensor> syntheticHeads(Random rnd) {
        Map<String, TensorFile.Tensor> t = new LinkedHashMap<>();
        t.put("sent.weight", TensorFile.Tensor.of(random(rnd, 3, BaseEncoder.HIDDEN, 0.3f)));
        t.put("sent.bias", TensorFile.Tensor.of(new float[] {0.1f, -0.2f, 0.05f}));
        t.put("ner.shape", TensorFile.Tensor.of(random(rnd, Featurizer.SHAPES, 4, 1f)));
        t.put("ner.weight", TensorFile.Tensor.of(random(rnd, 9, BaseEncoder.HIDDEN + 4, 0.2f)));
        t.put("ner.bias", TensorFile.Tensor.of(new float[9]));
        return t;
    }

    @Test
    void assembledSentimentEqualsThePlainJavaHeadOnBaseEncoderStates() {
        List<TextAnalysis> out = synthetic.analyse(TEXTS);
        SentimentHead head = new SentimentHead(
                heads.get("sent.weight").matrix(), heads.get("sent.bias").data());
        for (int i = 0; i < TEXTS.size(); i++) {
            TextEncoding enc = base.encode(TEXTS.get(i));
            float[][] states = base.states(List.of(enc))[0];
            float[] mean = new float[BaseEncoder.HIDDEN];
            for (float[] s : states) {
                for (int h = 0; h < mean.length; h++) {
                    mean[h] += s[h] / states.length;
                }
            }
            assertArrayEquals(mean, out.get(i).features(), 1e-4f, "features of text " + i);
            assertArrayEquals(head.probabilities(mean), out.get(i).sentiment(), 1e-4f, "sentiment of text " + i);
        }
    }

    @Test
    void batchingDoesNotChangeResults() {
        List<TextAnalysis> batched = served.analyse(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            TextAnalysis single = served.analyse(List.of(TEXTS.get(i))).get(0);
            assertArrayEquals(single.sentiment(), batched.get(i).sentiment(), 1e-4f);
            assertEquals(single.entities().size(), batched.get(i).entities().size());
        }
    }

    @Test
    void fusedLayerNormsAndAttentionScoreLikeTheExportedGraph() {
        for (Precision precision : List.of(Precision.FP32, Precision.INT8)) {
            List<TextAnalysis> exported;
            System.setProperty("pulse.skipln", "false");
            System.setProperty("pulse.attention.op", "none");
            try (PulseTextModel m = PulseTextModel.load(new ModelOptions(2, null, 8, precision))) {
                assertTrue(OnnxGraph.parse(m.onnxModel()).nodes().stream()
                        .noneMatch(n -> n.opType().equals("SkipLayerNormalization")));
                exported = m.analyse(TEXTS);
            } finally {
                System.clearProperty("pulse.skipln");
                System.clearProperty("pulse.attention.op");
            }
            try (PulseTextModel m = PulseTextModel.load(new ModelOptions(2, null, 8, precision))) {
                List<OnnxGraph.Node> nodes = OnnxGraph.parse(m.onnxModel()).nodes();
                // 12 layers x 2 + the embeddings' layer norm, each with its residual Add
                assertEquals(
                        25,
                        nodes.stream()
                                .filter(n -> n.opType().equals("SkipLayerNormalization"))
                                .count());
                assertTrue(nodes.stream().noneMatch(n -> n.opType().equals("ReduceMean")), "no layer norm left over");
                List<TextAnalysis> fused = m.analyse(TEXTS);
                for (int i = 0; i < TEXTS.size(); i++) {
                    // fp32: the same arithmetic in another order; int8: a rounding step may move with it
                    assertArrayEquals(
                            exported.get(i).sentiment(),
                            fused.get(i).sentiment(),
                            precision == Precision.FP32 ? 1e-4f : 5e-3f,
                            precision + " " + TEXTS.get(i));
                    assertEquals(
                            exported.get(i).entities().stream()
                                    .map(Entity::text)
                                    .toList(),
                            fused.get(i).entities().stream().map(Entity::text).toList());
                }
            }
        }
    }

    @Test
    void int8QuantisesTheEncoderLinearLayersWithStaticRangesAndScoresLikeFp32() {
        try (PulseTextModel fp32 = PulseTextModel.load(new ModelOptions(2, null, 8, Precision.FP32));
                PulseTextModel int8 = PulseTextModel.load(new ModelOptions(2, null, 8, Precision.INT8))) {
            OnnxGraph g = OnnxGraph.parse(int8.onnxModel());
            List<OnnxGraph.Node> products = g.nodes().stream()
                    .filter(n -> n.opType().equals("MatMulIntegerToFloat"))
                    .toList();
            long fused = products.size();
            java.util.Set<String> productOutputs = new java.util.HashSet<>();
            products.forEach(n -> productOutputs.add(n.outputs().get(0)));
            long qkvTriples = g.nodes().stream()
                    .filter(n -> n.opType().equals("Split")
                            && productOutputs.contains(n.inputs().get(0)))
                    .count();
            int kept = ModelAssembler.linearWeights(g).size();
            // query, key and value of every layer run inside ONNX Runtime's fused int8 attention
            long attention = g.nodes().stream()
                    .filter(n -> n.opType().equals("QAttention"))
                    .count();
            assertEquals(12, attention, "one QAttention per encoder layer");
            // 6 linear layers x 12 encoder layers: query, key and value share one product; the plan's fp32 layers stay
            assertEquals(
                    72, fused + 2 * qkvTriples + 3 * attention + kept, "every linear layer quantised or kept in fp32");
            assertTrue(fused >= 24, "most linear layers run ONNX Runtime's fused integer kernel: " + fused);
            // static ranges: nothing in the graph measures the activations at run time (batch-mates cannot matter)
            assertTrue(
                    g.nodes().stream()
                            .noneMatch(n -> List.of("DynamicQuantizeLinear", "ReduceMax", "MatMulInteger")
                                    .contains(n.opType())),
                    "no dynamic quantisation");
            assertEquals(Precision.INT8, int8.precision());

            List<TextAnalysis> a = fp32.analyse(TEXTS);
            List<TextAnalysis> b = int8.analyse(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(a.get(i).label(), b.get(i).label(), TEXTS.get(i));
                assertArrayEquals(a.get(i).sentiment(), b.get(i).sentiment(), 0.08f, TEXTS.get(i));
                assertEquals(
                        a.get(i).entities().stream().map(Entity::text).toList(),
                        b.get(i).entities().stream().map(Entity::text).toList(),
                        TEXTS.get(i));
            }
        }
    }

    @Test
    void perTokenInt8WithFusedQueryKeyValueScoresExactlyLikeThreeSeparateLayers() {
        System.setProperty("pulse.q.mode", "dynamic");
        PulseTextModel fused;
        PulseTextModel separate;
        try {
            fused = PulseTextModel.load(new ModelOptions(2, null, 8, Precision.INT8));
            System.setProperty("pulse.q.fuseQkv", "false");
            separate = PulseTextModel.load(new ModelOptions(2, null, 8, Precision.INT8));
        } finally {
            System.clearProperty("pulse.q.fuseQkv");
            System.clearProperty("pulse.q.mode");
        }
        try (fused;
                separate) {
            assertEquals(
                    72,
                    OnnxGraph.parse(separate.onnxModel()).nodes().stream()
                            .filter(n -> n.opType().equals("MatMulInteger"))
                            .count());
            assertEquals(
                    48,
                    OnnxGraph.parse(fused.onnxModel()).nodes().stream()
                            .filter(n -> n.opType().equals("MatMulInteger"))
                            .count());
            List<TextAnalysis> a = fused.analyse(TEXTS);
            List<TextAnalysis> b = separate.analyse(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(b.get(i).sentiment(), a.get(i).sentiment(), 0f, TEXTS.get(i));
                assertArrayEquals(b.get(i).features(), a.get(i).features(), 0f, TEXTS.get(i));
                assertEquals(b.get(i).entities(), a.get(i).entities(), TEXTS.get(i));
            }
        }
    }

    @Test
    void int8ResultsDoNotDependOnBatchMates() {
        try (PulseTextModel int8 = PulseTextModel.load(new ModelOptions(2, null, 8, Precision.INT8))) {
            assertBatchMatesDoNotMatter(int8);
        }
    }

    @Test
    void perTokenInt8ResultsDoNotDependOnBatchMates() {
        System.setProperty("pulse.q.mode", "dynamic");
        PulseTextModel int8;
        try {
            int8 = PulseTextModel.load(new ModelOptions(2, null, 8, Precision.INT8));
        } finally {
            System.clearProperty("pulse.q.mode");
        }
        try (int8) {
            assertBatchMatesDoNotMatter(int8);
        }
    }

    /**
     * Each text alone, and in one batch with texts of other lengths (so it is padded): the same probabilities, pooled
     * features and entities.
     */
    private static void assertBatchMatesDoNotMatter(PulseTextModel model) {
        List<String> mixed = new java.util.ArrayList<>(TEXTS);
        mixed.add("a much longer text about the self-checkout at the Tesco store in Manchester that keeps failing "
                + "every single time I try to pay for my shopping, which makes every other text here padded");
        List<TextAnalysis> batched = model.analyse(mixed);
        for (int i = 0; i < TEXTS.size(); i++) {
            TextAnalysis single = model.analyse(List.of(TEXTS.get(i))).get(0);
            assertArrayEquals(single.sentiment(), batched.get(i).sentiment(), 1e-4f, TEXTS.get(i));
            assertArrayEquals(single.features(), batched.get(i).features(), 1e-3f, TEXTS.get(i));
            assertEquals(
                    single.entities().stream().map(Entity::text).toList(),
                    batched.get(i).entities().stream().map(Entity::text).toList(),
                    TEXTS.get(i));
        }
    }

    @Test
    void adaptersMergeIntoTheBaseWeights() {
        byte[] baseBytes = BaseEncoder.baseModelBytes(BaseEncoder.Base.served());
        OnnxGraph g = OnnxGraph.parse(baseBytes);
        String wName = ModelAssembler.linearWeights(g).get("layer2.query");
        OnnxGraph.Tensor w = g.initializer(wName);
        Map<String, TensorFile.Tensor> t = new LinkedHashMap<>(heads);
        Random rnd = new Random(5);
        float[][] a = random(rnd, 2, 384, 1f);
        float[][] b = random(rnd, 384, 2, 1f);
        t.put("lora.layer2.query.A", TensorFile.Tensor.of(a));
        t.put("lora.layer2.query.B", TensorFile.Tensor.of(b));
        ModelAssembler.mergeAdapters(g, t, 0.5f);
        OnnxGraph.Tensor merged = g.initializer(wName);
        for (int[] io : new int[][] {{0, 0}, {17, 301}, {383, 5}}) {
            int in = io[0];
            int out = io[1];
            float expected = w.data()[in * 384 + out] + 0.5f * (b[out][0] * a[0][in] + b[out][1] * a[1][in]);
            assertEquals(expected, merged.data()[in * 384 + out], 1e-5f);
        }
    }

    @Test
    void entitiesPointIntoTheOriginalText() {
        String raw = "Loved my trip to   London with Sarah Connor &amp; the #AppleStore team 😍 sooo good";
        List<Entity> entities = served.analyse(List.of(raw)).get(0).entities();
        assertFalse(entities.isEmpty(), "expected some entity in " + raw);
        for (Entity e : entities) {
            assertEquals(raw.substring(e.start(), e.end()), e.text());
            assertTrue(List.of("PERSON", "LOCATION", "ORGANIZATION", "MISC").contains(e.type()));
            assertTrue(e.score() > 0 && e.score() <= 1);
        }
        assertTrue(
                entities.stream()
                        .anyMatch(e -> e.type().equals("LOCATION") && e.text().equals("London")),
                "London as a location in " + entities);
    }

    @Test
    void aNewSentimentHeadIsServedWhileTheOldModelKeepsWorking() {
        float[][] w = new float[3][served.sentimentHead().features()];
        w[2][0] = 5f;
        SentimentHead head = new SentimentHead(w, new float[] {0f, 0f, 1f});
        try (PulseTextModel next = served.withSentimentHead(head, "9.9.9")) {
            TextAnalysis a = next.analyse(List.of(TEXTS.get(1))).get(0);
            assertArrayEquals(head.probabilities(a.features()), a.sentiment(), 1e-5f);
            assertEquals("9.9.9", next.version());
            assertEquals("9.9.9", next.card().version());
        }
        TextAnalysis old = served.analyse(List.of(TEXTS.get(1))).get(0);
        assertArrayEquals(served.sentimentHead().probabilities(old.features()), old.sentiment(), 1e-4f);
    }

    @Test
    void emptyLongAndOddTextsAreAnalysed() {
        String longText = "Great price at Walmart in Dallas. ".repeat(400);
        List<TextAnalysis> out =
                served.analyse(List.of("", "   ", longText, "\uD83D\uDE00\u200d\uFE0F", "𝔘𝔫𝔦 Paris \uD800"));
        assertEquals(5, out.size());
        assertTrue(served.analyse(List.of()).isEmpty());
        for (TextAnalysis a : out) {
            float sum = a.sentiment()[0] + a.sentiment()[1] + a.sentiment()[2];
            assertEquals(1f, sum, 1e-4f);
        }
        for (Entity e : out.get(4).entities()) {
            assertEquals("𝔘𝔫𝔦 Paris \uD800".substring(e.start(), e.end()), e.text());
        }
    }

    @Test
    void cardComesFromTheArtifacts() {
        ModelCard card = served.card();
        assertEquals("pulse-text", card.name());
        assertEquals(served.version(), card.version());
        assertTrue(card.trainingData().contains("SemEval"));
        // the drift monitor's training reference (nlp/evaluate.sh): label shares that sum to one
        double shares = card.metrics().get("reference.label.negative")
                + card.metrics().get("reference.label.neutral")
                + card.metrics().get("reference.label.positive");
        assertEquals(1.0, shares, 1e-3);
        assertTrue(card.metrics().get("reference.size") >= 1000);
    }
}
