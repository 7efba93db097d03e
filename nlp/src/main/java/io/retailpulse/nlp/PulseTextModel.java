package io.retailpulse.nlp;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Sentiment (negative/neutral/positive) and named entities (PERSON, LOCATION, ORGANIZATION, MISC) from one encoder
 * pass per text. The serving ONNX model is assembled at load time from the base encoder in its Maven Central jar
 * and the small trained artifacts under {@code models/pulse-text/} (see {@link ModelAssembler}); ONNX Runtime
 * runs it. Texts are normalised by {@link SocialText}; entity offsets point into the original text.
 *
 * <p>Long texts: the first {@link #maxTokens()} word pieces (including [CLS]/[SEP]) are read, the rest is ignored
 * for both sentiment and entities. Thread-safe; blocking and CPU-bound (call it from worker threads).
 */
public final class PulseTextModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PulseTextModel.class);
    public static final String ARTIFACT_DIR = "models/pulse-text/";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<OnnxTensor> overrides;
    private final Shared shared;
    private final String version;
    private final SentimentHead head;

    /** What every version derived from one load shares: assembled bytes, featurizer, decoders, card. */
    private record Shared(
            byte[] assembled,
            Precision precision,
            Featurizer featurizer,
            ModelOptions options,
            Properties props,
            ModelCard card,
            Crf ner,
            Crf wnut,
            boolean hasWnut) {}

    private PulseTextModel(Shared shared, String version, SentimentHead head, List<OnnxTensor> overrides) {
        this.env = OrtEnvironment.getEnvironment();
        this.shared = shared;
        this.version = version;
        this.head = head;
        this.overrides = overrides;
        try {
            OrtSession.SessionOptions so = BaseEncoder.sessionOptions(shared.options());
            if (!overrides.isEmpty()) {
                so.addInitializer(ModelAssembler.SENT_WEIGHT, overrides.get(0));
                so.addInitializer(ModelAssembler.SENT_BIAS, overrides.get(1));
            }
            this.session = env.createSession(shared.assembled(), so);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create the pulse-text session", e);
        }
    }

    public static PulseTextModel load(ModelOptions options) {
        configureDjl(options);
        long t0 = System.nanoTime();
        Properties props = new Properties();
        Map<String, TensorFile.Tensor> tensors;
        String cardJson;
        try (InputStream p = BaseEncoder.resource(ARTIFACT_DIR + "model.properties");
                InputStream w =
                        BaseEncoder.resource(ARTIFACT_DIR + props0(p, props).getProperty("weights", "weights.ptt"));
                InputStream c = BaseEncoder.resource(ARTIFACT_DIR + "card.json")) {
            tensors = TensorFile.read(w);
            cardJson = new String(c.readAllBytes(), StandardCharsets.UTF_8);
            // the int8 build's calibrated activation ranges (Int8Plan), when the artifacts have them
            try (InputStream cal =
                            PulseTextModel.class.getClassLoader().getResourceAsStream(ARTIFACT_DIR + Int8Plan.FILE);
                    InputStream smooth = PulseTextModel.class
                            .getClassLoader()
                            .getResourceAsStream(ARTIFACT_DIR + Int8Plan.SMOOTH_FILE);
                    InputStream means = PulseTextModel.class
                            .getClassLoader()
                            .getResourceAsStream(ARTIFACT_DIR + Int8Plan.BIAS_FILE)) {
                if (cal != null) {
                    props.load(cal);
                }
                for (InputStream extra : java.util.Arrays.asList(smooth, means)) {
                    if (extra != null) {
                        tensors = new java.util.LinkedHashMap<>(tensors);
                        tensors.putAll(TensorFile.read(extra));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pulse-text artifacts", e);
        }
        return fromArtifacts(options, props, tensors, cardJson, t0);
    }

    private static Properties props0(InputStream in, Properties props) throws IOException {
        props.load(in);
        return props;
    }

    /** Assembles a model from artifacts given directly (training and tests use this). */
    public static PulseTextModel fromArtifacts(
            ModelOptions options, Properties props, Map<String, TensorFile.Tensor> tensors, String cardJson, long t0) {
        configureDjl(options);
        float scale = Float.parseFloat(props.getProperty("lora.scale", "1"));
        BaseEncoder.Base base = BaseEncoder.Base.of(props);
        Precision precision = options.precision() != null
                ? options.precision()
                : Precision.parse(props.getProperty("precision", "fp32"));
        byte[] assembled = ModelAssembler.assemble(
                BaseEncoder.baseModelBytes(base), tensors, scale, precision, Int8Plan.from(props, tensors));
        int maxTokens = Integer.parseInt(props.getProperty("maxTokens", "128"));
        ModelCard card = parseCard(cardJson);
        Crf ner = Crf.from(tensors, "ner", NerLabels.bio(NerLabels.CONLL_TYPES));
        Crf wnut = Crf.from(tensors, "wnut", NerLabels.bio(NerLabels.WNUT_TYPES));
        Shared shared = new Shared(
                assembled,
                precision,
                new Featurizer(maxTokens, base),
                options,
                props,
                card,
                ner,
                wnut,
                tensors.containsKey("wnut.weight"));
        SentimentHead head = new SentimentHead(
                tensors.get("sent.weight").matrix(),
                tensors.get("sent.bias").data().clone());
        PulseTextModel model = new PulseTextModel(shared, card.version(), head, List.of());
        LOG.infof(
                "pulse-text %s %s assembled and loaded in %d ms (%d threads, batch %d, max %d tokens)",
                card.version(),
                precision.label(),
                (System.nanoTime() - t0) / 1_000_000,
                options.intraOpThreads(),
                options.maxBatch(),
                maxTokens);
        return model;
    }

    static void configureDjl(ModelOptions options) {
        if (options.djlCacheDir() != null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", options.djlCacheDir().toString());
        }
    }

    static ModelCard parseCard(String json) {
        return CardJson.parse(json);
    }

    public String name() {
        return shared.card().name();
    }

    public String version() {
        return version;
    }

    public ModelCard card() {
        ModelCard c = shared.card();
        return version.equals(c.version())
                ? c
                : new ModelCard(c.name(), version, c.task(), c.trainedAt(), c.trainingData(), c.metrics());
    }

    /** fp32, or int8 (dynamically quantised encoder linear layers). */
    public Precision precision() {
        return shared.precision();
    }

    /** A copy of the assembled ONNX model this session runs (benchmarks open it in a bare session). */
    public byte[] onnxModel() {
        return shared.assembled().clone();
    }

    public int maxTokens() {
        return shared.featurizer().maxTokens();
    }

    public SentimentHead sentimentHead() {
        return head;
    }

    /** The same encoder and NER head with another final sentiment layer, in a new session. */
    public PulseTextModel withSentimentHead(SentimentHead newHead, String newVersion) {
        if (newHead.features() != head.features()) {
            throw new IllegalArgumentException(
                    "head expects " + newHead.features() + " features, model gives " + head.features());
        }
        try {
            var w = ModelAssembler.sentimentWeight(newHead);
            OnnxTensor weight = OnnxTensor.createTensor(env, FloatBuffer.wrap(w.data()), w.dims());
            OnnxTensor bias =
                    OnnxTensor.createTensor(env, FloatBuffer.wrap(newHead.bias().clone()), new long[] {3});
            return new PulseTextModel(shared, newVersion, newHead, List.of(weight, bias));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot build the sentiment head tensors", e);
        }
    }

    /** One encoder pass per text, batched by similar length. Never fails on empty or odd text. */
    public List<TextAnalysis> analyse(List<String> texts) {
        TextAnalysis[] out = new TextAnalysis[texts.size()];
        run(
                texts,
                false,
                (i, sentiment, features, logits, enc) ->
                        out[i] = new TextAnalysis(sentiment, entities(enc, logits, shared.ner(), true), features));
        return Arrays.asList(out);
    }

    /**
     * Evaluation hook: the entities of the auxiliary WNUT-17 head (types person, location, corporation, group,
     * product, creative-work), from the same served graph.
     */
    public List<List<Entity>> wnutEntities(List<String> texts) {
        if (!shared.hasWnut()) {
            throw new IllegalStateException("this model has no WNUT-17 head");
        }
        List<List<Entity>> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(List.of());
        }
        run(
                texts,
                true,
                (i, sentiment, features, logits, enc) -> out.set(i, entities(enc, logits, shared.wnut(), false)));
        return out;
    }

    @FunctionalInterface
    private interface RowHandler {
        void accept(int index, float[] sentiment, float[] features, float[][] tokenLogits, TextEncoding enc);
    }

    private void run(List<String> texts, boolean wnut, RowHandler handler) {
        TextEncoding[] encodings = new TextEncoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = shared.featurizer().encode(texts.get(i));
        }
        Integer[] order = IntStream.range(0, encodings.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].length()));
        int batch = Math.max(1, shared.options().maxBatch());
        for (int from = 0; from < order.length; from += batch) {
            int to = Math.min(order.length, from + batch);
            List<TextEncoding> rows = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                rows.add(encodings[order[k]]);
            }
            final int first = from;
            runBatch(rows, wnut, (r, s, f, l, e) -> handler.accept(order[first + r], s, f, l, e));
        }
    }

    private void runBatch(List<TextEncoding> rows, boolean wnut, RowHandler handler) {
        Map<String, long[]> in = batchInputs(rows, true);
        long[] shape = {rows.size(), in.get("len")[0]};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : List.of("input_ids", "attention_mask", "token_type_ids", ModelAssembler.IN_SHAPE)) {
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(in.get(name)), shape));
            }
            String tokenOut = wnut ? ModelAssembler.OUT_WNUT : ModelAssembler.OUT_NER;
            try (OrtSession.Result result = session.run(
                    inputs, java.util.Set.of(ModelAssembler.OUT_SENTIMENT, ModelAssembler.OUT_FEATURES, tokenOut))) {
                float[][] sentiment = (float[][]) value(result, ModelAssembler.OUT_SENTIMENT);
                float[][] features = (float[][]) value(result, ModelAssembler.OUT_FEATURES);
                float[][][] logits = (float[][][]) value(result, tokenOut);
                for (int r = 0; r < rows.size(); r++) {
                    handler.accept(r, sentiment[r], features[r], logits[r], rows.get(r));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("pulse-text inference failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static Object value(OrtSession.Result result, String name) throws OrtException {
        OnnxValue v = result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        return v.getValue();
    }

    /** Pads a batch: input_ids, attention_mask, token_type_ids, word_shape (flattened) and "len". */
    public static Map<String, long[]> batchInputs(List<TextEncoding> rows, boolean shapes) {
        int len = 1;
        for (TextEncoding e : rows) {
            len = Math.max(len, e.length());
        }
        int n = rows.size();
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        long[] shape = new long[n * len];
        for (int r = 0; r < n; r++) {
            TextEncoding e = rows.get(r);
            System.arraycopy(e.ids(), 0, ids, r * len, e.length());
            System.arraycopy(e.typeIds(), 0, types, r * len, e.length());
            System.arraycopy(e.shapes(), 0, shape, r * len, e.length());
            Arrays.fill(mask, r * len, r * len + e.length(), 1L);
        }
        Map<String, long[]> m = new HashMap<>();
        m.put("input_ids", ids);
        m.put("attention_mask", mask);
        m.put("token_type_ids", types);
        m.put(ModelAssembler.IN_SHAPE, shape);
        m.put("len", new long[] {len});
        return m;
    }

    /** Viterbi-decodes the word-piece labels and turns B/I runs into entities with original offsets. */
    private static List<Entity> entities(TextEncoding enc, float[][] logits, Crf crf, boolean publicTypes) {
        List<Integer> positions = new ArrayList<>();
        for (int t = 0; t < enc.length(); t++) {
            if (enc.tokenStart()[t] >= 0) {
                positions.add(t);
            }
        }
        if (positions.isEmpty()) {
            return List.of();
        }
        float[][] emissions = new float[positions.size()][];
        boolean[] cont = new boolean[positions.size()];
        for (int k = 0; k < emissions.length; k++) {
            emissions[k] = Crf.logSoftmax(logits[positions.get(k)]);
            cont[k] = k > 0 && enc.continuation()[positions.get(k)];
        }
        int[] path = crf.decode(emissions, cont);
        List<Entity> out = new ArrayList<>();
        int k = 0;
        while (k < path.length) {
            int label = path[k];
            if (label == 0) {
                k++;
                continue;
            }
            int type = (label - 1) / 2;
            int end = k + 1;
            while (end < path.length && path[end] == 2 + 2 * type) {
                end++;
            }
            double score = 0;
            for (int j = k; j < end; j++) {
                score += Math.exp(emissions[j][path[j]]);
            }
            int[] span = enc.normalized()
                    .toOriginal(enc.tokenStart()[positions.get(k)], enc.tokenEnd()[positions.get(end - 1)]);
            String original = enc.normalized().original();
            if (span[1] > span[0] && span[1] <= original.length()) {
                String typeName = crf.types().get(type);
                out.add(new Entity(
                        span[0],
                        span[1],
                        publicTypes ? NerLabels.publicType(typeName) : typeName,
                        original.substring(span[0], span[1]),
                        score / (end - k)));
            }
            k = end;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing the pulse-text session failed", e);
        }
        overrides.forEach(OnnxTensor::close);
    }

    /** Closes the tokenizer shared by all versions of this model; call once when the last version is closed. */
    public void closeShared() {
        shared.featurizer().close();
    }
}
