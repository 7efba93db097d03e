package io.retailpulse.nlp;

import io.retailpulse.nlp.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the serving ONNX model from the base encoder and the small trained artifacts:
 * <ol>
 * <li>{@code lora.layer{i}.{query,key,value,attn_out,ffn_in,ffn_out}.A} [r, in] and {@code .B} [out, r]: merged
 * into the linear layer's weight, {@code W[in,out] += scale * (B A)^T} (scale from {@code lora.scale});</li>
 * <li>{@code delta.<initializer>}: added to that base initializer (biases, LayerNorm);</li>
 * <li>heads appended after {@code last_hidden_state}: masked mean pooling → optional {@code sent.pre} (tanh) →
 * {@code features} → {@code sent.weight/bias} → softmax {@code sentiment}; per token, the states concatenated
 * with a word-shape embedding ({@code ner.shape}, new int64 input {@code word_shape}) → {@code ner.weight/bias}
 * → {@code ner_logits}; the same for the auxiliary {@code wnut.*} head when present.</li>
 * </ol>
 */
public final class ModelAssembler {
    public static final String OUT_SENTIMENT = "sentiment";
    public static final String OUT_FEATURES = "features";
    public static final String OUT_NER = "ner_logits";
    public static final String OUT_WNUT = "wnut_logits";
    public static final String IN_SHAPE = "word_shape";
    public static final String SENT_WEIGHT = "pulse.sent.weight";
    public static final String SENT_BIAS = "pulse.sent.bias";

    private static final Pattern MATMUL = Pattern.compile(
            "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value|attention/output/dense|intermediate/dense|output/dense)/MatMul");

    /**
     * Dynamic activation scales (the int8 build without calibration, or {@code -Dpulse.q.mode=dynamic} for
     * measurements): per token, or per tensor with {@code -Dpulse.q.perTensor=true} (measurements only).
     */
    static final boolean PER_TOKEN = !Boolean.getBoolean("pulse.q.perTensor");

    /** Static calibrated activation ranges when the plan has them, unless {@code -Dpulse.q.mode=dynamic}. */
    static boolean useStatic(Int8Plan plan) {
        return plan.calibrated() && !"dynamic".equals(System.getProperty("pulse.q.mode"));
    }

    static final int UINT8 = 2;
    /** Query, key and value as one integer product ({@code -Dpulse.q.fuseQkv=false}: three, for measurements). */
    static boolean fuseQkv() {
        return !"false".equals(System.getProperty("pulse.q.fuseQkv"));
    }

    private ModelAssembler() {}

    /** Friendly linear-layer name (e.g. {@code layer0.query}) → its weight initializer in the base graph. */
    public static Map<String, String> linearWeights(OnnxGraph graph) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OnnxGraph.Node node : graph.nodes()) {
            Matcher m = MATMUL.matcher(node.name());
            if (node.opType().equals("MatMul") && m.matches()) {
                String kind = switch (m.group(2)) {
                    case "attention/self/query" -> "query";
                    case "attention/self/key" -> "key";
                    case "attention/self/value" -> "value";
                    case "attention/output/dense" -> "attn_out";
                    case "intermediate/dense" -> "ffn_in";
                    default -> "ffn_out";
                };
                out.put("layer" + m.group(1) + "." + kind, node.inputs().get(1));
            }
        }
        return out;
    }

    public static byte[] assemble(byte[] baseModel, Map<String, TensorFile.Tensor> t, float loraScale) {
        return assemble(baseModel, t, loraScale, Precision.FP32);
    }

    /** The serving model; {@link Precision#INT8} quantises the encoder's linear layers after the adapters are merged. */
    public static byte[] assemble(
            byte[] baseModel, Map<String, TensorFile.Tensor> t, float loraScale, Precision precision) {
        return assemble(baseModel, t, loraScale, precision, Int8Plan.none());
    }

    /**
     * The serving model; {@link Precision#INT8} quantises the encoder's linear layers after the adapters are merged:
     * with static activation ranges when {@code plan} has them ({@link #quantizeStatic}), else per-token dynamic
     * scales ({@link #quantizeLinearLayers}); then ONNX Runtime's fused kernels replace the exported layer norms (both
     * precisions, {@link #fuseSkipLayerNorms}) and, in the static int8 build, the attention ({@link #fuseAttentionOps}).
     */
    public static byte[] assemble(
            byte[] baseModel, Map<String, TensorFile.Tensor> t, float loraScale, Precision precision, Int8Plan plan) {
        OnnxGraph g = OnnxGraph.parse(baseModel);
        mergeAdapters(g, t, loraScale);
        if (precision == Precision.INT8) {
            if (useStatic(plan)) {
                quantizeStatic(g, plan);
            } else {
                quantizeLinearLayers(g);
            }
        }
        // the fused attention needs the int8 build's one q/k/v product (static ranges), or fp32's exported layers
        boolean staticInt8 = precision == Precision.INT8 && useStatic(plan);
        if (fuseAttentionOps(precision) && (precision == Precision.FP32 || (staticInt8 && fuseQkv()))) {
            fuseAttentionOps(g);
        }
        if (fuseSkipLayerNorms()) {
            fuseSkipLayerNorms(g);
        }
        appendHeads(g, t);
        return g.toBytes();
    }

    /**
     * Whether the projections and attention core become ONNX Runtime's fused attention ({@link #fuseAttentionOps}):
     * in the int8 build by default ({@code -Dpulse.attention.op=int8}; {@code all} also in fp32, {@code none} in
     * neither). Measured in paired bare sessions, batch 32 (inference/README.md, Throughput): int8 +10 % texts/s,
     * fp32 −10 % ({@code Attention}'s fp32 kernel is slower here than the exported MatMuls), so fp32 keeps its layout.
     */
    static boolean fuseAttentionOps(Precision precision) {
        String v = System.getProperty("pulse.attention.op", "int8");
        return v.equals("all") || (v.equals("int8") && precision == Precision.INT8);
    }

    private static final Pattern SELF_ATTENTION = Pattern.compile("/encoder/layer\\.(\\d+)/attention/self/(.*)");

    /**
     * Replaces each layer's query / key / value projections and its attention core (per-head Reshape / Transpose,
     * Q·Kᵀ, scale, additive mask, Softmax, ·V, Transpose / Reshape back) by ONNX Runtime's fused self-attention:
     * {@code com.microsoft.Attention} on the fp32 weights side by side, or, where the int8 build already runs the
     * three projections as one integer product ({@link #quantizeStatic}), {@code com.microsoft.QAttention} on the
     * same quantised input, int8 weights, per-column scales and folded bias. Same arithmetic (scale 1/√head size,
     * padding masked by {@code attention_mask}); the kernel writes Q, K and V straight into the per-head layout, so
     * the layout copies, the {@code Split} and the separate mask {@code Add} go (the CPU profile: about a third of an
     * int8 pass after the layer-norm fusion). Rows still see only their own text.
     */
    static void fuseAttentionOps(OnnxGraph g) {
        List<OnnxGraph.Node> nodes = g.nodes();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                producer.put(out, i);
            }
        }
        Map<Integer, List<Integer>> core = new java.util.TreeMap<>();
        Map<Integer, String[]> qkv = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Matcher m = SELF_ATTENTION.matcher(nodes.get(i).name());
            if (!m.matches()) {
                continue;
            }
            String rest = m.group(2);
            if (!rest.startsWith("query/") && !rest.startsWith("key/") && !rest.startsWith("value/")) {
                core.computeIfAbsent(Integer.parseInt(m.group(1)), x -> new ArrayList<>())
                        .add(i);
            }
        }
        // the projections' outputs keep their exported names in both builds (int8: outputs of the Split)
        for (int layer : core.keySet()) {
            String p = "/encoder/layer." + layer + "/attention/self/";
            qkv.put(layer, new String[] {p + "query/Add_output_0", p + "key/Add_output_0", p + "value/Add_output_0"});
        }
        Map<Integer, List<OnnxGraph.NewNode>> replace = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        List<String> unused = new ArrayList<>();
        boolean first = true;
        for (Map.Entry<Integer, List<Integer>> e : core.entrySet()) {
            List<Integer> idx = e.getValue();
            String[] proj = qkv.get(e.getKey());
            int last = idx.get(idx.size() - 1);
            OnnxGraph.Node out = nodes.get(last);
            Integer q = producer.get(proj[0]);
            Integer k = producer.get(proj[1]);
            Integer v = producer.get(proj[2]);
            if (!out.opType().equals("Reshape") || q == null || k == null || v == null) {
                throw new IllegalStateException("unexpected attention layout in layer " + e.getKey());
            }
            List<OnnxGraph.NewNode> chain = new ArrayList<>();
            if (first) {
                chain.add(new OnnxGraph.NewNode(
                        "Cast", List.of("attention_mask"), List.of("pulse_mask_i32"), Map.of("to", 6)));
                first = false;
            }
            String layerKey = "pulse_att" + e.getKey();
            OnnxGraph.Node split = nodes.get(q);
            if (split.opType().equals("Split")
                    && q.equals(k)
                    && q.equals(v)
                    && split.outputs().equals(List.of(proj[0], proj[1], proj[2]))) {
                // int8: QAttention on the integer product's operands (q | k | v columns, in this order)
                int productIdx = producer.get(split.inputs().get(0));
                OnnxGraph.Node product = nodes.get(productIdx);
                if (!product.opType().equals("MatMulIntegerToFloat")
                        || product.inputs().size() != 7) {
                    throw new IllegalStateException("unexpected int8 projection in layer " + e.getKey());
                }
                List<String> in = product.inputs(); // a, w, a_scale, w_scale, a_zp, w_zp, bias
                chain.add(new OnnxGraph.NewNode(
                        "com.microsoft:QAttention",
                        List.of(
                                in.get(0),
                                in.get(1),
                                in.get(6),
                                in.get(2),
                                in.get(3),
                                "pulse_mask_i32",
                                in.get(4),
                                in.get(5)),
                        List.of(out.outputs().get(0)),
                        Map.of("num_heads", HEADS)));
                replace.put(productIdx, List.of());
                replace.put(q, List.of());
            } else {
                // fp32: Attention on the three weights and biases side by side
                List<OnnxGraph.Tensor> w = new ArrayList<>();
                List<float[]> b = new ArrayList<>();
                String input = null;
                for (int node : List.of(q, k, v)) {
                    OnnxGraph.Node add = nodes.get(node);
                    String bias = initializerInput(g, add);
                    String y = add.inputs().stream()
                            .filter(x -> !x.equals(bias))
                            .findFirst()
                            .orElseThrow();
                    int mmIdx = producer.get(y);
                    OnnxGraph.Node mm = nodes.get(mmIdx);
                    if (!add.opType().equals("Add")
                            || !mm.opType().equals("MatMul")
                            || !g.hasInitializer(mm.inputs().get(1))
                            || (input != null && !input.equals(mm.inputs().get(0)))) {
                        throw new IllegalStateException("unexpected projection in layer " + e.getKey());
                    }
                    input = mm.inputs().get(0);
                    w.add(g.initializer(mm.inputs().get(1)));
                    b.add(g.initializer(bias).data());
                    unused.add(mm.inputs().get(1));
                    unused.add(bias);
                    replace.put(node, List.of());
                    replace.put(mmIdx, List.of());
                }
                int rows = w.get(0).rows();
                int cols = w.stream().mapToInt(OnnxGraph.Tensor::cols).sum();
                float[] wd = new float[rows * cols];
                float[] bd = new float[cols];
                int col0 = 0;
                for (int j = 0; j < 3; j++) {
                    int c = w.get(j).cols();
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(w.get(j).data(), r * c, wd, r * cols + col0, c);
                    }
                    System.arraycopy(b.get(j), 0, bd, col0, c);
                    col0 += c;
                }
                g.putInitializer(new OnnxGraph.Tensor(layerKey + "_w", new long[] {rows, cols}, wd));
                g.putInitializer(new OnnxGraph.Tensor(layerKey + "_b", new long[] {cols}, bd));
                chain.add(new OnnxGraph.NewNode(
                        "com.microsoft:Attention",
                        List.of(input, layerKey + "_w", layerKey + "_b", "pulse_mask_i32"),
                        List.of(out.outputs().get(0)),
                        Map.of("num_heads", HEADS)));
            }
            for (int i : idx) {
                replace.put(i, List.of());
            }
            replace.put(last, chain);
        }
        replace.forEach(g::replaceNode);
        unused.forEach(g::removeInitializer);
    }

    /** On by default; {@code -Dpulse.skipln=false} keeps the exported layer norms (measurements). */
    static boolean fuseSkipLayerNorms() {
        return !"false".equals(System.getProperty("pulse.skipln"));
    }

    private static final Pattern LAYER_NORM = Pattern.compile("(.*)/LayerNorm/ReduceMean");

    /**
     * Replaces each exported layer norm (ReduceMean, Sub, Pow, ReduceMean, Add ε, Sqrt, Div, Mul γ, Add β) and the
     * residual {@code Add} in front of it by one {@code com.microsoft.SkipLayerNormalization}, folding in the bias
     * {@code Add} of the dense layer before it where there is one (fp32; int8's products already carry their bias).
     * Why: ONNX Runtime fuses these chains only into {@code LayerNormalization} beside a separate {@code Add} here
     * (the CPU profile: 22 % of an int8 pass); the same arithmetic in one kernel reads the activations once.
     */
    static void fuseSkipLayerNorms(OnnxGraph g) {
        List<OnnxGraph.Node> nodes = g.nodes();
        Map<String, Integer> producer = new HashMap<>();
        Map<String, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                producer.put(out, i);
            }
            for (String in : nodes.get(i).inputs()) {
                consumers.computeIfAbsent(in, x -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            byName.put(nodes.get(i).name(), i);
        }
        Map<Integer, List<OnnxGraph.NewNode>> replace = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (int i = 0; i < nodes.size(); i++) {
            Matcher m = LAYER_NORM.matcher(nodes.get(i).name());
            if (!m.matches()) {
                continue;
            }
            String p = m.group(1) + "/LayerNorm/";
            Integer sub = byName.get(p + "Sub");
            Integer pow = byName.get(p + "Pow");
            Integer mean2 = byName.get(p + "ReduceMean_1");
            Integer addEps = byName.get(p + "Add");
            Integer sqrt = byName.get(p + "Sqrt");
            Integer div = byName.get(p + "Div");
            Integer mul = byName.get(p + "Mul");
            Integer addBeta = byName.get(p + "Add_1");
            Integer residual = producer.get(nodes.get(i).inputs().get(0));
            if (sub == null
                    || pow == null
                    || mean2 == null
                    || addEps == null
                    || sqrt == null
                    || div == null
                    || mul == null
                    || addBeta == null
                    || residual == null
                    || !nodes.get(residual).opType().equals("Add")) {
                throw new IllegalStateException("unexpected layer norm layout at " + p);
            }
            OnnxGraph.Node res = nodes.get(residual);
            if (consumers.get(res.outputs().get(0)).size() != 2) {
                continue; // the sum is read elsewhere too: leave this one to ONNX Runtime
            }
            String gamma = initializerInput(g, nodes.get(mul));
            String beta = initializerInput(g, nodes.get(addBeta));
            String epsName = nodes.get(addEps).inputs().stream()
                    .filter(x -> !x.equals(nodes.get(mean2).outputs().get(0)))
                    .findFirst()
                    .orElseThrow();
            float eps = g.hasInitializer(epsName) ? g.initializer(epsName).data()[0] : g.constantFloat(epsName);
            String input = res.inputs().get(0);
            String skip = res.inputs().get(1);
            List<String> in = new ArrayList<>(List.of(input, skip, gamma, beta));
            // the dense layer's bias Add in front (fp32): its bias becomes SkipLayerNormalization's bias input
            Integer biasAdd = producer.get(input);
            if (biasAdd != null
                    && nodes.get(biasAdd).opType().equals("Add")
                    && consumers.get(input).size() == 1) {
                OnnxGraph.Node b = nodes.get(biasAdd);
                String bias = b.inputs().stream()
                        .filter(g::hasInitializer)
                        .findFirst()
                        .orElse(null);
                String x = b.inputs().stream()
                        .filter(v -> !g.hasInitializer(v))
                        .findFirst()
                        .orElse(null);
                if (bias != null && x != null && g.initializer(bias).dims().length == 1) {
                    in.set(0, x);
                    in.add(bias);
                    replace.put(biasAdd, List.of());
                }
            }
            for (int idx : List.of(residual, i, sub, pow, mean2, addEps, sqrt, div, mul)) {
                replace.put(idx, List.of());
            }
            // the exponent and ε constants go with them (ONNX Runtime would warn about each unused one)
            for (String c : List.of(nodes.get(pow).inputs().get(1), epsName)) {
                Integer constant = producer.get(c);
                if (constant != null
                        && nodes.get(constant).opType().equals("Constant")
                        && consumers.get(c).size() == 1) {
                    replace.put(constant, List.of());
                }
            }
            replace.put(
                    addBeta,
                    List.of(new OnnxGraph.NewNode(
                            "com.microsoft:SkipLayerNormalization",
                            in,
                            List.of(nodes.get(addBeta).outputs().get(0)),
                            Map.of("epsilon", eps))));
        }
        replace.forEach(g::replaceNode);
    }

    private static String initializerInput(OnnxGraph g, OnnxGraph.Node n) {
        return n.inputs().stream()
                .filter(g::hasInitializer)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(n.name() + " has no initializer input"));
    }

    static final int HEADS = 12;

    /**
     * The fp32 serving model with the input of every encoder linear layer as an extra output (calibration);
     * {@code inputs} receives layer name → that output's name, {@code weightRowMax} layer name → max |W| of each
     * input channel's weight row (SmoothQuant's factors need it).
     */
    public static byte[] calibrationModel(
            byte[] baseModel,
            Map<String, TensorFile.Tensor> t,
            float loraScale,
            Map<String, String> inputs,
            Map<String, float[]> weightRowMax) {
        OnnxGraph g = OnnxGraph.parse(baseModel);
        mergeAdapters(g, t, loraScale);
        Map<String, String> byWeight = new HashMap<>();
        linearWeights(g).forEach((layer, w) -> byWeight.put(w, layer));
        java.util.Set<String> added = new java.util.HashSet<>();
        for (OnnxGraph.Node n : g.nodes()) {
            if (n.opType().equals("MatMul")
                    && n.inputs().size() == 2
                    && byWeight.containsKey(n.inputs().get(1))) {
                inputs.put(byWeight.get(n.inputs().get(1)), n.inputs().get(0));
                OnnxGraph.Tensor w = g.initializer(n.inputs().get(1));
                float[] rowMax = new float[w.rows()];
                for (int r = 0; r < w.rows(); r++) {
                    for (int c = 0; c < w.cols(); c++) {
                        rowMax[r] = Math.max(rowMax[r], Math.abs(w.data()[r * w.cols() + c]));
                    }
                }
                weightRowMax.put(byWeight.get(n.inputs().get(1)), rowMax);
                if (added.add(n.inputs().get(0))) {
                    g.addOutput(n.inputs().get(0), OnnxGraph.FLOAT);
                }
            }
        }
        appendHeads(g, t);
        return g.toBytes();
    }

    /**
     * Static int8 quantisation of the encoder's linear layers (those not in {@code plan.fp32Layers()}):
     * <ul>
     * <li>weights int8, symmetric, one scale per output channel ({@code s_j = max|W[:, j]| / 127}), zero point 0;</li>
     * <li>activations uint8 with the calibrated per-tensor range of the layer's input ({@link Int8Plan}):
     * {@code QuantizeLinear} with a constant scale and zero point, shared by the layers reading the same tensor;</li>
     * <li>{@code com.microsoft.MatMulIntegerToFloat}: ONNX Runtime's u8s8 GEMM with the rescale and the layer's bias
     * in its output pass (the bias {@code Add} that followed the {@code MatMul} is folded in); query, key and value
     * read the same input and run as one product on the three weights side by side, then {@code Split}.</li>
     * </ul>
     * Constant activation parameters make a token's quantisation, and so every text's scores, independent of the
     * other texts in its batch and of the padding.
     */
    static void quantizeStatic(OnnxGraph g, Int8Plan plan) {
        Map<String, String> layerByWeight = new HashMap<>();
        linearWeights(g).forEach((layer, w) -> layerByWeight.put(w, layer));
        List<OnnxGraph.Node> nodes = g.nodes();
        Map<String, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                consumers.computeIfAbsent(in, x -> new ArrayList<>()).add(i);
            }
        }
        // linear layers to quantise, grouped by the tensor they read (query, key and value share one)
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        Map<Integer, String> layerOf = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxGraph.Node n = nodes.get(i);
            String layer = n.opType().equals("MatMul") && n.inputs().size() == 2
                    ? layerByWeight.get(n.inputs().get(1))
                    : null;
            if (layer == null || plan.fp32Layers().contains(layer)) {
                continue;
            }
            float[] range = plan.ranges().get(layer);
            if (range == null) {
                throw new IllegalArgumentException("int8 calibration has no range for " + layer);
            }
            layerOf.put(i, layer);
            groups.computeIfAbsent(n.inputs().get(0), x -> new ArrayList<>()).add(i);
        }
        record Edit(int at, List<Integer> drop, List<OnnxGraph.NewNode> chain) {}
        java.util.Set<String> foldedBiases = new java.util.HashSet<>();
        List<Edit> edits = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            String a = group.getKey();
            List<Integer> members = group.getValue();
            String k = "pulse_s8_" + members.get(0);
            String first = layerOf.get(members.get(0));
            float[] sz = Int8Plan.scaleAndZeroPoint(plan.ranges().get(first));
            g.putInitializer(new OnnxGraph.Tensor(k + "_a_scale", new long[] {}, new float[] {sz[0]}));
            g.putUint8Initializer(k + "_a_zp", new long[] {}, new byte[] {(byte) (int) sz[1]});
            int in = g.initializer(nodes.get(members.get(0)).inputs().get(1)).rows();
            // SmoothQuant: x / s per input channel before quantising, W rows × s (the product is unchanged)
            float[] smooth = plan.smoothing().get(first);
            String quantIn = a;
            if (smooth != null) {
                if (smooth.length != in) {
                    throw new IllegalArgumentException("smoothing of " + first + " has " + smooth.length + " channels");
                }
                float[] inv = new float[in];
                for (int c = 0; c < in; c++) {
                    inv[c] = 1f / smooth[c];
                }
                g.putInitializer(new OnnxGraph.Tensor(k + "_smooth", new long[] {in}, inv));
                quantIn = k + "_smoothed";
            }
            int out = 0;
            List<OnnxGraph.Tensor> weights = new ArrayList<>();
            List<float[]> biases = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            List<Integer> drop = new ArrayList<>(members);
            for (int idx : members) {
                OnnxGraph.Node mm = nodes.get(idx);
                OnnxGraph.Tensor w = g.initializer(mm.inputs().get(1));
                if (w.rows() != in) {
                    throw new IllegalStateException("layers reading " + a + " differ in width");
                }
                if (smooth != null) {
                    float[] scaled = w.data().clone();
                    int cols = w.cols();
                    for (int r = 0; r < in; r++) {
                        for (int c = 0; c < cols; c++) {
                            scaled[r * cols + c] *= smooth[r];
                        }
                    }
                    w = new OnnxGraph.Tensor(w.name(), w.dims(), scaled);
                }
                weights.add(w);
                out += w.cols();
                // the bias Add right after the MatMul folds into the integer product's output pass
                String y = mm.outputs().get(0);
                List<Integer> cons = consumers.getOrDefault(y, List.of());
                OnnxGraph.Node add = cons.size() == 1 ? nodes.get(cons.get(0)) : null;
                String bias = add == null || !add.opType().equals("Add")
                        ? null
                        : add.inputs().stream()
                                .filter(x -> !x.equals(y) && g.hasInitializer(x))
                                .findFirst()
                                .orElse(null);
                if (bias != null && g.initializer(bias).data().length == w.cols()) {
                    biases.add(g.initializer(bias).data());
                    foldedBiases.add(bias);
                    outputs.add(add.outputs().get(0));
                    drop.add(cons.get(0));
                } else {
                    biases.add(new float[w.cols()]);
                    outputs.add(y);
                }
            }
            float[] scale = new float[out];
            byte[] q = new byte[in * out];
            float[] bias = new float[out];
            int col0 = 0;
            for (int j = 0; j < weights.size(); j++) {
                OnnxGraph.Tensor w = weights.get(j);
                int cols = w.cols();
                for (int c = 0; c < cols; c++) {
                    float max = 0;
                    for (int r = 0; r < in; r++) {
                        max = Math.max(max, Math.abs(w.data()[r * cols + c]));
                    }
                    scale[col0 + c] = max == 0 ? 1f : max / 127f;
                }
                for (int r = 0; r < in; r++) {
                    for (int c = 0; c < cols; c++) {
                        q[r * out + col0 + c] = (byte) Math.max(
                                -127, Math.min(127, Math.round(w.data()[r * cols + c] / scale[col0 + c])));
                    }
                }
                System.arraycopy(biases.get(j), 0, bias, col0, cols);
                // bias correction: the bias absorbs the expected output error of the rounded weights on the
                // calibration text's mean input, sum_r (Wq - W)[r, c] * E[x_r] (of x / s when smoothed)
                float[] mean = plan.inputMeans().get(layerOf.get(members.get(j)));
                if (mean != null) {
                    if (mean.length != in) {
                        throw new IllegalArgumentException("input mean of " + layerOf.get(members.get(j)) + " has "
                                + mean.length + " channels, the layer " + in);
                    }
                    for (int c = 0; c < cols; c++) {
                        double err = 0;
                        for (int r = 0; r < in; r++) {
                            double m = smooth == null ? mean[r] : mean[r] / smooth[r];
                            err += (q[r * out + col0 + c] * (double) scale[col0 + c] - w.data()[r * cols + c]) * m;
                        }
                        bias[col0 + c] -= (float) err;
                    }
                }
                col0 += cols;
            }
            g.putInt8Initializer(k + "_w", new long[] {in, out}, q);
            g.putInitializer(new OnnxGraph.Tensor(k + "_w_scale", new long[] {out}, scale));
            g.putInt8Initializer(k + "_w_zp", new long[] {out}, new byte[out]);
            g.putInitializer(new OnnxGraph.Tensor(k + "_bias", new long[] {out}, bias));
            List<OnnxGraph.NewNode> chain = new ArrayList<>();
            if (smooth != null) {
                chain.add(new OnnxGraph.NewNode("Mul", List.of(a, k + "_smooth"), List.of(quantIn), Map.of()));
            }
            chain.add(new OnnxGraph.NewNode(
                    "QuantizeLinear", List.of(quantIn, k + "_a_scale", k + "_a_zp"), List.of(k + "_a"), Map.of()));
            String product = members.size() == 1 ? outputs.get(0) : k + "_y";
            chain.add(new OnnxGraph.NewNode(
                    "com.microsoft:MatMulIntegerToFloat",
                    List.of(k + "_a", k + "_w", k + "_a_scale", k + "_w_scale", k + "_a_zp", k + "_w_zp", k + "_bias"),
                    List.of(product),
                    Map.of()));
            if (members.size() > 1) {
                long[] parts =
                        weights.stream().mapToLong(OnnxGraph.Tensor::cols).toArray();
                if (g.opset() >= 13) {
                    g.putInt64Initializer(k + "_split", new long[] {parts.length}, parts);
                    chain.add(new OnnxGraph.NewNode(
                            "Split", List.of(product, k + "_split"), outputs, Map.of("axis", -1)));
                } else {
                    chain.add(new OnnxGraph.NewNode(
                            "Split", List.of(product), outputs, Map.of("axis", -1, "split", parts)));
                }
            }
            edits.add(new Edit(members.get(0), drop, chain));
        }
        for (Edit e : edits) {
            for (int idx : e.drop()) {
                String w = nodes.get(idx).inputs().size() == 2
                        ? nodes.get(idx).inputs().get(1)
                        : "";
                if (layerByWeight.containsKey(w) && g.hasInitializer(w)) {
                    g.removeInitializer(w);
                }
            }
        }
        foldedBiases.forEach(g::removeInitializer);
        // every index dropped or replaced, last first, so earlier indices stay valid
        Map<Integer, List<OnnxGraph.NewNode>> replace = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (Edit e : edits) {
            for (int idx : e.drop()) {
                replace.put(idx, List.of());
            }
            replace.put(e.at(), e.chain());
        }
        replace.forEach(g::replaceNode);
    }

    /**
     * Dynamic int8 quantisation of every encoder linear layer ({@code MatMul} by a 2-D weight initializer). Weights:
     * int8 per output channel, symmetric ({@code s_j = max|W[:, j]| / 127}, zero point 0). Activations, per call:
     * one symmetric scale per token ({@code a = max|x| / 127}), shifted by 128 into uint8 so ONNX Runtime's u8s8
     * {@code MatMulInteger} kernel runs with a scalar zero point; int32 product, {@code Cast}, {@code × a × s_j}.
     * Per token because ONNX Runtime's usual {@code DynamicQuantizeLinear} (one scale per tensor, fused into its
     * {@code DynamicQuantizeMatMul}; still built with {@code -Dpulse.q.perTensor=true}, for measurements) makes a
     * text's scores depend on its batch-mates and the padding. The heads stay fp32.
     */
    static void quantizeLinearLayers(OnnxGraph g) {
        if (PER_TOKEN) {
            g.putInitializer(new OnnxGraph.Tensor("pulse.q.eps", new long[] {}, new float[] {1e-8f}));
            g.putInitializer(new OnnxGraph.Tensor("pulse.q.127", new long[] {}, new float[] {127f}));
            g.putInitializer(new OnnxGraph.Tensor("pulse.q.128", new long[] {}, new float[] {128.5f}));
            g.putUint8Initializer("pulse.q.zp128", new long[] {}, new byte[] {(byte) 128});
            if (fuseQkv()) {
                fuseQkv(g);
            }
        }
        List<OnnxGraph.Node> nodes = g.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxGraph.Node node = nodes.get(i);
            if (!node.opType().equals("MatMul")
                    || !MATMUL.matcher(node.name()).matches()
                    || !g.hasInitializer(node.inputs().get(1))) {
                continue;
            }
            OnnxGraph.Tensor w = g.initializer(node.inputs().get(1));
            if (w.dims().length != 2) {
                continue;
            }
            int in = w.rows();
            int out = w.cols();
            float[] scale = new float[out];
            for (int r = 0; r < in; r++) {
                for (int c = 0; c < out; c++) {
                    scale[c] = Math.max(scale[c], Math.abs(w.data()[r * out + c]));
                }
            }
            for (int c = 0; c < out; c++) {
                scale[c] = scale[c] == 0 ? 1f : scale[c] / 127f;
            }
            byte[] q = new byte[in * out];
            for (int r = 0; r < in; r++) {
                for (int c = 0; c < out; c++) {
                    q[r * out + c] = (byte) Math.max(-127, Math.min(127, Math.round(w.data()[r * out + c] / scale[c])));
                }
            }
            String p = w.name();
            g.removeInitializer(w.name());
            g.putInt8Initializer(p + "_quantized", w.dims(), q);
            g.putInitializer(new OnnxGraph.Tensor(p + "_scale", new long[] {out}, scale));
            g.putInt8Initializer(p + "_zero_point", new long[] {out}, new byte[out]);
            String a = node.inputs().get(0);
            String y = node.outputs().get(0);
            String k = "pulse_q" + i;
            List<OnnxGraph.NewNode> chain = new ArrayList<>();
            if (PER_TOKEN) {
                // per token (row) symmetric int8 scale, shifted by 128 into uint8 so ONNX Runtime's u8s8 kernel runs
                // it with a scalar zero point: a text's scores do not depend on its batch-mates or the padding
                perTokenQuantiser(chain, a, k);
                chain.add(new OnnxGraph.NewNode(
                        "MatMulInteger",
                        List.of(k + "_a", p + "_quantized", "pulse.q.zp128", p + "_zero_point"),
                        List.of(k + "_int32"),
                        Map.of()));
                chain.add(new OnnxGraph.NewNode(
                        "Cast", List.of(k + "_int32"), List.of(k + "_float"), Map.of("to", OnnxGraph.FLOAT)));
                chain.add(new OnnxGraph.NewNode(
                        "Mul", List.of(k + "_float", k + "_a_scale"), List.of(k + "_rows"), Map.of()));
                chain.add(new OnnxGraph.NewNode("Mul", List.of(k + "_rows", p + "_scale"), List.of(y), Map.of()));
            } else {
                chain.add(new OnnxGraph.NewNode(
                        "DynamicQuantizeLinear", List.of(a), List.of(k + "_a", k + "_a_scale", k + "_a_zp"), Map.of()));
                chain.add(new OnnxGraph.NewNode(
                        "MatMulInteger",
                        List.of(k + "_a", p + "_quantized", k + "_a_zp", p + "_zero_point"),
                        List.of(k + "_int32"),
                        Map.of()));
                chain.add(new OnnxGraph.NewNode(
                        "Cast", List.of(k + "_int32"), List.of(k + "_float"), Map.of("to", OnnxGraph.FLOAT)));
                chain.add(new OnnxGraph.NewNode(
                        "Mul", List.of(k + "_a_scale", p + "_scale"), List.of(k + "_scale"), Map.of()));
                chain.add(new OnnxGraph.NewNode("Mul", List.of(k + "_float", k + "_scale"), List.of(y), Map.of()));
            }
            g.replaceNode(i, chain);
        }
    }

    /**
     * Per-token symmetric int8 scale of {@code a}, shifted by 128 into uint8: {@code k_a} (uint8) and {@code k_a_scale}
     * ([rows, 1]).
     */
    private static void perTokenQuantiser(List<OnnxGraph.NewNode> chain, String a, String k) {
        chain.add(new OnnxGraph.NewNode("Abs", List.of(a), List.of(k + "_abs"), Map.of()));
        chain.add(new OnnxGraph.NewNode(
                "ReduceMax", List.of(k + "_abs"), List.of(k + "_max"), Map.of("axes", new long[] {-1}, "keepdims", 1)));
        chain.add(new OnnxGraph.NewNode("Max", List.of(k + "_max", "pulse.q.eps"), List.of(k + "_max_safe"), Map.of()));
        chain.add(new OnnxGraph.NewNode(
                "Div", List.of(k + "_max_safe", "pulse.q.127"), List.of(k + "_a_scale"), Map.of()));
        chain.add(new OnnxGraph.NewNode("Div", List.of(a, k + "_a_scale"), List.of(k + "_scaled"), Map.of()));
        // x in [-127, 127]: the cast truncates x + 128.5 (always positive) to round(x) + 128
        chain.add(
                new OnnxGraph.NewNode("Add", List.of(k + "_scaled", "pulse.q.128"), List.of(k + "_shifted"), Map.of()));
        chain.add(new OnnxGraph.NewNode("Cast", List.of(k + "_shifted"), List.of(k + "_a"), Map.of("to", UINT8)));
    }

    /**
     * Query, key and value of a layer read the same input: one quantiser, one {@code MatMulInteger} on the three
     * int8 weights side by side ([in, 3 out], per-column scales as before), one rescale, then {@code Split} into the
     * three original outputs. The integer products and scales are the ones of three separate layers, so the scores
     * are the same (bit for bit, {@code PulseTextModelTest}); ONNX Runtime runs one larger GEMM instead of three and
     * the element-wise quantise / rescale passes once instead of three times.
     */
    static void fuseQkv(OnnxGraph g) {
        Map<String, List<Integer>> byInput = new LinkedHashMap<>();
        List<OnnxGraph.Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxGraph.Node n = nodes.get(i);
            Matcher m = MATMUL.matcher(n.name());
            if (n.opType().equals("MatMul")
                    && m.matches()
                    && m.group(2).startsWith("attention/self/")
                    && g.hasInitializer(n.inputs().get(1))
                    && g.initializer(n.inputs().get(1)).dims().length == 2) {
                byInput.computeIfAbsent(n.inputs().get(0), x -> new ArrayList<>())
                        .add(i);
            }
        }
        List<List<Integer>> groups = new ArrayList<>(
                byInput.values().stream().filter(l -> l.size() == 3).toList());
        groups.sort((x, y) -> Integer.compare(y.get(0), x.get(0))); // last first: earlier indices stay valid
        int opset = (int) g.opset();
        for (List<Integer> idx : groups) {
            List<OnnxGraph.Node> three = idx.stream().map(nodes::get).toList();
            int in = g.initializer(three.get(0).inputs().get(1)).rows();
            int out = 0;
            long[] parts = new long[3];
            for (int j = 0; j < 3; j++) {
                OnnxGraph.Tensor w = g.initializer(three.get(j).inputs().get(1));
                if (w.rows() != in) {
                    return; // not a plain q/k/v triple: leave it to the per-layer path
                }
                parts[j] = w.cols();
                out += w.cols();
            }
            float[] scale = new float[out];
            byte[] q = new byte[in * out];
            int col0 = 0;
            for (int j = 0; j < 3; j++) {
                OnnxGraph.Tensor w = g.initializer(three.get(j).inputs().get(1));
                int cols = w.cols();
                for (int c = 0; c < cols; c++) {
                    float max = 0;
                    for (int r = 0; r < in; r++) {
                        max = Math.max(max, Math.abs(w.data()[r * cols + c]));
                    }
                    scale[col0 + c] = max == 0 ? 1f : max / 127f;
                }
                for (int r = 0; r < in; r++) {
                    for (int c = 0; c < cols; c++) {
                        q[r * out + col0 + c] = (byte) Math.max(
                                -127, Math.min(127, Math.round(w.data()[r * cols + c] / scale[col0 + c])));
                    }
                }
                g.removeInitializer(w.name());
                col0 += cols;
            }
            String k = "pulse_qkv" + idx.get(0);
            g.putInt8Initializer(k + "_w_quantized", new long[] {in, out}, q);
            g.putInitializer(new OnnxGraph.Tensor(k + "_w_scale", new long[] {out}, scale));
            g.putInt8Initializer(k + "_w_zero_point", new long[] {out}, new byte[out]);
            List<OnnxGraph.NewNode> chain = new ArrayList<>();
            perTokenQuantiser(chain, three.get(0).inputs().get(0), k);
            chain.add(new OnnxGraph.NewNode(
                    "MatMulInteger",
                    List.of(k + "_a", k + "_w_quantized", "pulse.q.zp128", k + "_w_zero_point"),
                    List.of(k + "_int32"),
                    Map.of()));
            chain.add(new OnnxGraph.NewNode(
                    "Cast", List.of(k + "_int32"), List.of(k + "_float"), Map.of("to", OnnxGraph.FLOAT)));
            chain.add(new OnnxGraph.NewNode(
                    "Mul", List.of(k + "_float", k + "_a_scale"), List.of(k + "_rows"), Map.of()));
            chain.add(new OnnxGraph.NewNode("Mul", List.of(k + "_rows", k + "_w_scale"), List.of(k + "_y"), Map.of()));
            List<String> outs = three.stream().map(n -> n.outputs().get(0)).toList();
            if (opset >= 13) {
                g.putInt64Initializer(k + "_split", new long[] {3}, parts);
                chain.add(new OnnxGraph.NewNode("Split", List.of(k + "_y", k + "_split"), outs, Map.of("axis", -1)));
            } else {
                chain.add(new OnnxGraph.NewNode("Split", List.of(k + "_y"), outs, Map.of("axis", -1, "split", parts)));
            }
            List<Integer> desc = new ArrayList<>(idx);
            desc.sort((x, y) -> Integer.compare(y, x));
            for (int j = 0; j < 2; j++) {
                g.replaceNode(desc.get(j), List.of());
            }
            g.replaceNode(desc.get(2), chain);
        }
    }

    static void mergeAdapters(OnnxGraph g, Map<String, TensorFile.Tensor> t, float scale) {
        Map<String, String> linear = linearWeights(g);
        for (Map.Entry<String, String> e : linear.entrySet()) {
            TensorFile.Tensor a = t.get("lora." + e.getKey() + ".A");
            TensorFile.Tensor b = t.get("lora." + e.getKey() + ".B");
            if (a == null || b == null) {
                continue;
            }
            OnnxGraph.Tensor w = g.initializer(e.getValue());
            int in = w.rows();
            int out = w.cols();
            int r = a.dims()[0];
            if (a.dims()[1] != in || b.dims()[0] != out || b.dims()[1] != r) {
                throw new IllegalArgumentException("adapter shape mismatch for " + e.getKey());
            }
            float[] wd = w.data().clone();
            float[] ad = a.data();
            float[] bd = b.data();
            for (int i = 0; i < in; i++) {
                for (int k = 0; k < r; k++) {
                    float aki = ad[k * in + i] * scale;
                    if (aki == 0) {
                        continue;
                    }
                    for (int o = 0; o < out; o++) {
                        wd[i * out + o] += aki * bd[o * r + k];
                    }
                }
            }
            g.putInitializer(new OnnxGraph.Tensor(w.name(), w.dims(), wd));
        }
        for (Map.Entry<String, TensorFile.Tensor> e : t.entrySet()) {
            if (!e.getKey().startsWith("delta.")) {
                continue;
            }
            String name = e.getKey().substring("delta.".length());
            String target = linear.getOrDefault(name, name);
            OnnxGraph.Tensor base = g.initializer(target);
            float[] d = e.getValue().data();
            if (d.length != base.data().length) {
                throw new IllegalArgumentException("delta size mismatch for " + name);
            }
            float[] sum = base.data().clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += d[i];
            }
            g.putInitializer(new OnnxGraph.Tensor(target, base.dims(), sum));
        }
    }

    private static OnnxGraph.Tensor transposed(String name, TensorFile.Tensor m) {
        int rows = m.dims()[0];
        int cols = m.dims()[1];
        float[] tr = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                tr[c * rows + r] = m.data()[r * cols + c];
            }
        }
        return new OnnxGraph.Tensor(name, new long[] {cols, rows}, tr);
    }

    private static OnnxGraph.Tensor vector(String name, TensorFile.Tensor v) {
        return new OnnxGraph.Tensor(name, new long[] {v.data().length}, v.data());
    }

    /** Sentiment head weight as the graph holds it: [features, 3]. */
    public static OnnxGraph.Tensor sentimentWeight(SentimentHead head) {
        return transposed(SENT_WEIGHT, TensorFile.Tensor.of(head.weight()));
    }

    static void appendHeads(OnnxGraph g, Map<String, TensorFile.Tensor> t) {
        String h = "last_hidden_state";
        Map<String, Object> none = Map.of();
        g.addNode("Cast", List.of("attention_mask"), List.of("pulse_mask_f"), Map.of("to", 1));
        g.addNode("Unsqueeze", List.of("pulse_mask_f"), List.of("pulse_mask3"), Map.of("axes", new long[] {2}));
        g.addNode("Mul", List.of(h, "pulse_mask3"), List.of("pulse_masked"), none);
        g.addNode(
                "ReduceSum",
                List.of("pulse_masked"),
                List.of("pulse_sum"),
                attrs("axes", new long[] {1}, "keepdims", 0));
        g.addNode(
                "ReduceSum",
                List.of("pulse_mask3"),
                List.of("pulse_count"),
                attrs("axes", new long[] {1}, "keepdims", 0));
        g.putInitializer(new OnnxGraph.Tensor("pulse.eps", new long[] {1}, new float[] {1e-6f}));
        g.addNode("Max", List.of("pulse_count", "pulse.eps"), List.of("pulse_count_safe"), none);
        g.addNode("Div", List.of("pulse_sum", "pulse_count_safe"), List.of("pulse_pooled"), none);
        String pooled = "pulse_pooled";
        if (t.containsKey("sent.pre.weight")) {
            g.putInitializer(transposed("pulse.sent.pre.weight", t.get("sent.pre.weight")));
            g.putInitializer(vector("pulse.sent.pre.bias", t.get("sent.pre.bias")));
            g.addNode("MatMul", List.of(pooled, "pulse.sent.pre.weight"), List.of("pulse_pre_mm"), none);
            g.addNode("Add", List.of("pulse_pre_mm", "pulse.sent.pre.bias"), List.of("pulse_pre_add"), none);
            g.addNode("Tanh", List.of("pulse_pre_add"), List.of(OUT_FEATURES), none);
        } else {
            g.addNode("Identity", List.of(pooled), List.of(OUT_FEATURES), none);
        }
        g.putInitializer(transposed(SENT_WEIGHT, t.get("sent.weight")));
        g.putInitializer(vector(SENT_BIAS, t.get("sent.bias")));
        g.addNode("MatMul", List.of(OUT_FEATURES, SENT_WEIGHT), List.of("pulse_sent_mm"), none);
        g.addNode("Add", List.of("pulse_sent_mm", SENT_BIAS), List.of("pulse_sent_logits"), none);
        g.addNode("Softmax", List.of("pulse_sent_logits"), List.of(OUT_SENTIMENT), Map.of("axis", 1));
        int features = t.get("sent.weight").dims()[1];

        g.addValue(true, IN_SHAPE, OnnxGraph.INT64, "batch_size", "sequence_length");
        g.putInitializer(vector2("pulse.ner.shape", t.get("ner.shape")));
        g.addNode("Gather", List.of("pulse.ner.shape", IN_SHAPE), List.of("pulse_shape_emb"), Map.of("axis", 0));
        g.addNode("Concat", List.of(h, "pulse_shape_emb"), List.of("pulse_token_feats"), Map.of("axis", 2));
        tokenHead(g, t, "ner", OUT_NER);
        g.addValue(false, OUT_SENTIMENT, OnnxGraph.FLOAT, "batch_size", 3);
        g.addValue(false, OUT_FEATURES, OnnxGraph.FLOAT, "batch_size", features);
        g.addValue(
                false,
                OUT_NER,
                OnnxGraph.FLOAT,
                "batch_size",
                "sequence_length",
                t.get("ner.weight").dims()[0]);
        if (t.containsKey("wnut.weight")) {
            tokenHead(g, t, "wnut", OUT_WNUT);
            g.addValue(
                    false,
                    OUT_WNUT,
                    OnnxGraph.FLOAT,
                    "batch_size",
                    "sequence_length",
                    t.get("wnut.weight").dims()[0]);
        }
    }

    private static OnnxGraph.Tensor vector2(String name, TensorFile.Tensor m) {
        return new OnnxGraph.Tensor(name, new long[] {m.dims()[0], m.dims()[1]}, m.data());
    }

    private static void tokenHead(OnnxGraph g, Map<String, TensorFile.Tensor> t, String prefix, String out) {
        g.putInitializer(transposed("pulse." + prefix + ".weight", t.get(prefix + ".weight")));
        g.putInitializer(vector("pulse." + prefix + ".bias", t.get(prefix + ".bias")));
        g.addNode(
                "MatMul",
                List.of("pulse_token_feats", "pulse." + prefix + ".weight"),
                List.of("pulse_" + prefix + "_mm"),
                Map.of());
        g.addNode("Add", List.of("pulse_" + prefix + "_mm", "pulse." + prefix + ".bias"), List.of(out), Map.of());
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
