package io.retailpulse.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.NerLabels;
import io.retailpulse.nlp.TensorFile;
import io.retailpulse.nlp.TextEncoding;
import io.retailpulse.nlp.data.Datasets;
import io.retailpulse.nlp.data.TokenLabels;
import io.retailpulse.nlp.onnx.OnnxGraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Multi-task fine-tuning of a BERT-style base encoder (bge-small-en-v1.5 or all-MiniLM-L6-v2) with LoRA (DJL PyTorch engine): sentiment on tweets + SST-2, NER on
 * CoNLL-2003 + WNUT-17 (4-type serving head, plus an auxiliary 6-type WNUT head), one shared encoder. Writes the
 * small artifacts (adapters, bias/LayerNorm deltas, heads) into nlp's resources; checkpoints each evaluation.
 *
 * <p>Run: {@code training/train.sh} (see nlp/README.md). Options as system properties: train.base (bge or
 * minilm), train.minutes (wall-clock budget), train.steps, train.rank, train.firstLayer, train.lr, train.batch, train.maxLen, train.evalEvery,
 * train.dropout (encoder dropout while training; 0.1, 2.0.0 was trained with 0), train.seed.
 */
public final class Train {
    private static final int SENT = 0;
    private static final int SST = 1;
    private static final int CONLL = 2;
    private static final int WNUT = 3;
    /** Version written into the artifacts (2.x: bge-small-en-v1.5 base; 1.x was all-MiniLM-L6-v2). */
    private static final String VERSION = System.getProperty("train.version", "2.1.0");

    /** One training example: sentiment label or token labels for the serving and WNUT heads (-1: none). */
    record Example(int task, TextEncoding enc, int label, int[] ner, int[] wnut) {
    }

    private Train() {
    }

    public static void main(String[] args) throws Exception {
        setDefault("ai.djl.pytorch.num_threads", "2");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        setDefault("ai.djl.offline", "true");
        double minutes = Double.parseDouble(System.getProperty("train.minutes", "45"));
        int maxSteps = Integer.getInteger("train.steps", 100000);
        int rank = Integer.getInteger("train.rank", 8);
        float loraScale = Float.parseFloat(System.getProperty("train.scale", "2"));
        int firstLayer = Integer.getInteger("train.firstLayer", 0);
        float lr = Float.parseFloat(System.getProperty("train.lr", "1e-3"));
        int batch = Integer.getInteger("train.batch", 32);
        int maxLen = Integer.getInteger("train.maxLen", 64);
        int evalEvery = Integer.getInteger("train.evalEvery", 400);
        int shapeDim = 16;
        long seed = Long.getLong("train.seed", 11);
        float dropout = Float.parseFloat(System.getProperty("train.dropout", "0.1"));
        Path out = Path.of(System.getProperty("pulse.out", Artifacts.DEFAULT_DIR.toString()));
        Path ckpt = Path.of(System.getProperty("train.ckpt", "/work/notes/ckpt"));
        Instant started = Instant.now();
        Instant deadline = started.plusSeconds((long) (minutes * 60));
        log("train: %.0f min budget, rank %d, scale %.1f, first trained layer %d, lr %.1e, batch %d, maxLen %d", minutes, rank, loraScale,
                firstLayer, lr, batch, maxLen);

        BaseEncoder.Base base = BaseEncoder.Base.byName(System.getProperty("train.base", "bge"));
        Data data = Data.fromSystem();
        Random rnd = new Random(seed);
        List<List<Example>> tasks = new ArrayList<>();
        List<Datasets.Labelled> heldOut;
        try (Featurizer f = new Featurizer(maxLen, base)) {
            tasks.add(sentiment(f, data.tweets(), SENT));
            List<Datasets.Labelled> sst = new ArrayList<>(data.sst2());
            Collections.shuffle(sst, rnd);
            tasks.add(sentiment(f, sst.subList(0, Math.min(sst.size(), Integer.getInteger("train.sst", 20000))), SST));
            tasks.add(ner(f, data.conll(), CONLL));
            tasks.add(ner(f, data.wnut(), WNUT));
            heldOut = data.tweetsHeldOut();
        }
        log("examples: tweets %d, sst2 %d, conll %d, wnut %d; held-out tweets %d", tasks.get(0).size(), tasks.get(1).size(),
                tasks.get(2).size(), tasks.get(3).size(), heldOut.size());
        double[] mix = parseMix(System.getProperty("train.mix", "0.40,0.16,0.32,0.12"));

        OnnxGraph graph = OnnxGraph.parse(BaseEncoder.baseModelBytes(base));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);   // the engine draws the dropout masks
            MiniLm model = new MiniLm(manager, graph, rank, loraScale, firstLayer, seed, dropout);
            Heads heads = new Heads(manager, shapeDim, new Random(seed + 1));
            verify(model, manager, base);
            String resume = System.getProperty("train.resume");
            if (resume != null) {
                Map<String, TensorFile.Tensor> saved;
                try (var in = Files.newInputStream(Path.of(resume).resolve("weights.ptt"))) {
                    saved = TensorFile.read(in);
                }
                model.load(saved);
                heads.load(saved);
                log("resumed adapters and heads from %s (fresh Adam state)", resume);
            }
            List<NDArray> params = new ArrayList<>(model.parameters());
            params.addAll(heads.parameters());
            List<Float> lrScale = new ArrayList<>();
            // adapters at lr, biases/LayerNorms gentler, the freshly initialised heads faster
            for (String name : model.trainable.keySet()) {
                lrScale.add(name.startsWith("delta.") ? 0.3f : 1f);
            }
            for (NDArray p : heads.parameters()) {
                lrScale.add(2f);
            }
            Adam adam = new Adam(manager, params);
            float[] sentWeights = balanced(tasks.get(0));
            List<Batcher> batchers = new ArrayList<>();
            for (List<Example> t : tasks) {
                batchers.add(new Batcher(t, batch, new Random(rnd.nextLong())));
            }
            double bestHeld = -1;
            int warmup = Integer.getInteger("train.warmup", 100);
            int estimatedSteps = maxSteps;
            long t0 = System.nanoTime();
            double lossAvg = 0;
            int step = 0;
            Map<String, double[]> taskLoss = new LinkedHashMap<>();
            while (step < maxSteps && Instant.now().isBefore(deadline)) {
                step++;
                int task = pick(mix, rnd);
                List<Example> b = batchers.get(task).next();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                if (step == 50) {
                    estimatedSteps = (int) Math.min(maxSteps, 50 * (Duration.between(started, deadline).toSeconds() - 60) / Math.max(1, elapsed));
                    log("about %.2f s/step: planning %d steps", elapsed / 50, estimatedSteps);
                }
                // linear decay over the wall-clock budget (robust to a machine that slows down or speeds up)
                float frac = (float) Math.min(1.0, Duration.between(started, Instant.now()).toMillis()
                        / (double) Duration.between(started, deadline).toMillis());
                float lrNow = lr * Math.min(1f, step / (float) warmup) * Math.max(0.02f, 1f - frac);
                float loss;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss(model, heads, manager, b, task, sentWeights, true);
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    JniUtils.setGradMode(false);
                    adam.step(lrNow, lrScale);
                }
                lossAvg = step == 1 ? loss : 0.98 * lossAvg + 0.02 * loss;
                taskLoss.computeIfAbsent(String.valueOf(task), k -> new double[2]);
                double[] tl = taskLoss.get(String.valueOf(task));
                tl[0] += loss;
                tl[1]++;
                if (step % 50 == 0 || step <= 50 && step % 10 == 0) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < 4; k++) {
                        double[] v = taskLoss.get(String.valueOf(k));
                        sb.append(String.format(Locale.ROOT, " t%d=%.3f", k, v == null ? 0 : v[0] / Math.max(1, v[1])));
                    }
                    taskLoss.clear();
                    log("step %d loss %.4f%s lr %.2e %.2f s/step skipped %d", step, lossAvg, sb, lrNow,
                            (System.nanoTime() - t0) / 1e9 / step, adam.skipped);
                }
                boolean last = step >= maxSteps || !Instant.now().plusSeconds(1).isBefore(deadline);
                if (step % evalEvery == 0 || last) {
                    double[] bias = new double[3];
                    double held = heldOutRecall(model, heads, manager, heldOut, base, bias);
                    log("step %d held-out twitter-2016dev macro recall %.4f (bias tweak %s)", step, held,
                            java.util.Arrays.toString(bias));
                    Map<String, TensorFile.Tensor> tensors = new LinkedHashMap<>(model.export());
                    tensors.putAll(heads.export(bias));
                    String method = String.format(Locale.ROOT, "LoRA rank %d (scale %.1f) on every linear layer of layers %d-" + (model.layers - 1) + " + "
                            + "bias/LayerNorm deltas there, multi-task (tweets, SST-2, CoNLL-2003, WNUT-17), %d steps of batch %d, "
                            + "Adam lr %.1e%s; sentiment bias tuned on twitter-2016dev (held out); Train", rank, loraScale, firstLayer,
                            step, batch, lr, dropout > 0 ? String.format(Locale.ROOT, ", encoder dropout %.2f", dropout) : "");
                    Path dir = ckpt.resolve("step-" + step);
                    Artifacts.write(dir, tensors, VERSION, loraScale, 128, method, base);
                    if (held > bestHeld) {
                        bestHeld = held;
                        Artifacts.write(out, tensors, VERSION, loraScale, 128, method, base);
                        Files.writeString(ckpt.resolve("best.txt"), "step " + step + " held-out " + held + "\n");
                        log("best so far: written to %s", out);
                    }
                }
            }
            log("done: %d steps in %s", step, Duration.between(started, Instant.now()));
        }
    }

    private static double[] parseMix(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    static void log(String fmt, Object... args) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    private static int pick(double[] mix, Random rnd) {
        double r = rnd.nextDouble();
        for (int i = 0; i < mix.length; i++) {
            r -= mix[i];
            if (r < 0) {
                return i;
            }
        }
        return mix.length - 1;
    }

    private static List<Example> sentiment(Featurizer f, List<Datasets.Labelled> rows, int task) {
        List<Example> out = new ArrayList<>(rows.size());
        for (Datasets.Labelled r : rows) {
            out.add(new Example(task, f.encode(r.text()), r.label(), null, null));
        }
        return out;
    }

    private static List<Example> ner(Featurizer f, List<Datasets.Tagged> rows, int task) {
        List<Example> out = new ArrayList<>(rows.size());
        UnaryOperator<String> toConll = task == WNUT ? NerLabels::wnutToConll : UnaryOperator.identity();
        for (Datasets.Tagged s : rows) {
            TextEncoding enc = f.encode(s.text());
            int[] ner = TokenLabels.align(enc, s, NerLabels.CONLL_TYPES, toConll);
            int[] wnut = task == WNUT ? TokenLabels.align(enc, s, NerLabels.WNUT_TYPES, UnaryOperator.identity()) : null;
            out.add(new Example(task, enc, -1, ner, wnut));
        }
        return out;
    }

    private static float[] balanced(List<Example> rows) {
        float[] count = new float[3];
        for (Example e : rows) {
            count[e.label()]++;
        }
        float[] w = new float[3];
        for (int c = 0; c < 3; c++) {
            w[c] = rows.size() / (3 * Math.max(1, count[c]));
        }
        return w;
    }

    /** Padded inputs for a batch: embeddings, attention bias, mask, one-hot shapes. */
    record Inputs(NDArray emb, NDArray maskBias, NDArray mask, NDArray shapes, int len) {
    }

    static Inputs inputs(MiniLm model, NDManager m, List<TextEncoding> b) {
        int len = 1;
        for (TextEncoding e : b) {
            len = Math.max(len, e.length());
        }
        long[][] ids = new long[b.size()][];
        long[][] types = new long[b.size()][];
        float[] bias = new float[b.size() * len];
        float[] mask = new float[b.size() * len];
        float[] shapes = new float[b.size() * len * Featurizer.SHAPES];
        for (int r = 0; r < b.size(); r++) {
            TextEncoding e = b.get(r);
            ids[r] = e.ids();
            types[r] = e.typeIds();
            for (int t = 0; t < len; t++) {
                boolean real = t < e.length();
                bias[r * len + t] = real ? 0f : -10000f;
                mask[r * len + t] = real ? 1f : 0f;
                shapes[(r * len + t) * Featurizer.SHAPES + (real ? (int) e.shapes()[t] : 0)] = 1f;
            }
        }
        return new Inputs(model.embed(m, ids, types, len), m.create(bias, new Shape(b.size(), 1, 1, len)),
                m.create(mask, new Shape(b.size(), len)), m.create(shapes, new Shape(b.size(), len, Featurizer.SHAPES)), len);
    }

    static NDArray loss(MiniLm model, Heads heads, NDManager m, List<Example> b, int task, float[] sentWeights, boolean train) {
        List<TextEncoding> encs = b.stream().map(Example::enc).toList();
        Inputs in = inputs(model, m, encs);
        NDArray states = model.forward(in.emb(), in.maskBias(), train);
        if (task == SENT || task == SST) {
            NDArray logits = heads.sentiment(states, in.mask(), train);
            float[] target = new float[b.size() * 3];
            float[] weight = new float[b.size()];
            float norm = 0;
            for (int r = 0; r < b.size(); r++) {
                int y = b.get(r).label();
                target[r * 3 + y] = 1f;
                weight[r] = task == SENT ? sentWeights[y] : 1f;
                norm += weight[r];
            }
            NDArray t = m.create(target, new Shape(b.size(), 3));
            NDArray w = m.create(weight, new Shape(b.size()));
            if (task == SST) {
                // binary data: the neutral logit is left out of the normaliser
                NDArray two = logits.get(":, 0").stack(logits.get(":, 2"), 1);
                NDArray lp = two.logSoftmax(1);
                NDArray t2 = t.get(":, 0").stack(t.get(":, 2"), 1);
                return lp.mul(t2).sum(new int[] {1}).mul(w).sum().neg().div(norm);
            }
            return logits.logSoftmax(1).mul(t).sum(new int[] {1}).mul(w).sum().neg().div(norm);
        }
        NDArray feats = heads.tokenFeatures(states, in.shapes(), train);
        NDArray total = tokenLoss(m, heads.ner(feats), b, in.len(), 9, false);
        if (task == WNUT) {
            total = total.add(tokenLoss(m, heads.wnut(feats), b, in.len(), 13, true));
        }
        return total;
    }

    private static NDArray tokenLoss(NDManager m, NDArray logits, List<Example> b, int len, int classes, boolean wnut) {
        float[] target = new float[b.size() * len * classes];
        float count = 0;
        for (int r = 0; r < b.size(); r++) {
            int[] labels = wnut ? b.get(r).wnut() : b.get(r).ner();
            for (int t = 0; t < labels.length; t++) {
                if (labels[t] >= 0) {
                    target[(r * len + t) * classes + labels[t]] = 1f;
                    count++;
                }
            }
        }
        NDArray tgt = m.create(target, new Shape(b.size(), len, classes));
        return logits.logSoftmax(2).mul(tgt).sum().neg().div(Math.max(1f, count));
    }

    /** Macro recall on the held-out tweets; also tunes the additive sentiment bias on them (written to {@code bias}). */
    static double heldOutRecall(MiniLm model, Heads heads, NDManager m, List<Datasets.Labelled> rows, BaseEncoder.Base base,
            double[] bias) {
        List<float[]> logits = new ArrayList<>();
        int[] labels = new int[rows.size()];
        try (Featurizer f = new Featurizer(128, base)) {
            List<TextEncoding> encs = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                encs.add(f.encode(rows.get(i).text()));
                labels[i] = rows.get(i).label();
            }
            float[][] all = new float[rows.size()][];
            Integer[] order = new Integer[encs.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, c) -> Integer.compare(encs.get(a).length(), encs.get(c).length()));
            JniUtils.setGradMode(false);
            for (int from = 0; from < order.length; from += 64) {
                int to = Math.min(order.length, from + 64);
                List<TextEncoding> b = new ArrayList<>();
                for (int k = from; k < to; k++) {
                    b.add(encs.get(order[k]));
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Inputs in = inputs(model, m, b);
                    float[] z = heads.sentiment(model.forward(in.emb(), in.maskBias(), false), in.mask(), false).toFloatArray();
                    for (int k = from; k < to; k++) {
                        all[order[k]] = java.util.Arrays.copyOfRange(z, (k - from) * 3, (k - from) * 3 + 3);
                    }
                }
            }
            logits.addAll(java.util.Arrays.asList(all));
        }
        double best = macroRecall(logits, labels, 0, 0, 0);
        for (double b0 = -1.0; b0 <= 1.0001; b0 += 0.1) {
            for (double b2 = -1.0; b2 <= 1.0001; b2 += 0.1) {
                double r = macroRecall(logits, labels, b0, 0, b2);
                // only take a tweak that clearly helps on the held-out split
                if (r > best + 0.002) {
                    best = r;
                    bias[0] = b0;
                    bias[2] = b2;
                }
            }
        }
        return best;
    }

    static double macroRecall(List<float[]> logits, int[] labels, double b0, double b1, double b2) {
        int[] hit = new int[3];
        int[] n = new int[3];
        for (int i = 0; i < labels.length; i++) {
            float[] z = logits.get(i);
            double s0 = z[0] + b0;
            double s1 = z[1] + b1;
            double s2 = z[2] + b2;
            int p = s0 >= s1 && s0 >= s2 ? 0 : s1 >= s2 ? 1 : 2;
            n[labels[i]]++;
            if (p == labels[i]) {
                hit[p]++;
            }
        }
        double r = 0;
        for (int c = 0; c < 3; c++) {
            r += n[c] == 0 ? 0 : hit[c] / (double) n[c] / 3;
        }
        return r;
    }

    /** Checks the NDArray encoder against ONNX Runtime on the unmodified base model. */
    private static void verify(MiniLm model, NDManager m, BaseEncoder.Base baseModel) {
        List<String> texts = List.of("The quick brown fox jumps over the lazy dog.", "@user sooo happy with #BlackFriday deals 😍");
        try (BaseEncoder base = new BaseEncoder(new ModelOptions(2, null, 8), 64, baseModel)) {
            List<TextEncoding> encs = texts.stream().map(base::encode).toList();
            for (TextEncoding e : encs) {
                float[][] ort = base.states(List.of(e))[0];
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    JniUtils.setGradMode(false);
                    Inputs in = inputs(model, m, List.of(e));
                    float[] djl = model.forward(in.emb(), in.maskBias(), false).toFloatArray();
                    double dot = 0;
                    double na = 0;
                    double nb = 0;
                    for (int t = 0; t < ort.length; t++) {
                        for (int h = 0; h < MiniLm.HIDDEN; h++) {
                            double a = ort[t][h];
                            double c = djl[t * MiniLm.HIDDEN + h];
                            dot += a * c;
                            na += a * a;
                            nb += c * c;
                        }
                    }
                    double cos = dot / Math.sqrt(na * nb);
                    log("verify: DJL vs ONNX Runtime cosine %.6f over %d tokens", cos, ort.length);
                    if (cos < 0.999) {
                        throw new IllegalStateException("the NDArray encoder does not match the ONNX model: cosine " + cos);
                    }
                }
            }
        }
    }

    /** Length-bucketed, shuffled batches over one task, endlessly. */
    static final class Batcher {
        private final List<Example> rows;
        private final int size;
        private final Random rnd;
        private final List<List<Example>> queue = new ArrayList<>();

        Batcher(List<Example> rows, int size, Random rnd) {
            this.rows = rows;
            this.size = size;
            this.rnd = rnd;
        }

        List<Example> next() {
            if (queue.isEmpty()) {
                List<Example> shuffled = new ArrayList<>(rows);
                Collections.shuffle(shuffled, rnd);
                // sort within chunks of 50 batches so batches have similar lengths, then shuffle the batches
                int chunk = size * 50;
                for (int from = 0; from < shuffled.size(); from += chunk) {
                    List<Example> part = new ArrayList<>(shuffled.subList(from, Math.min(shuffled.size(), from + chunk)));
                    part.sort((a, b) -> Integer.compare(a.enc().length(), b.enc().length()));
                    for (int k = 0; k < part.size(); k += size) {
                        queue.add(part.subList(k, Math.min(part.size(), k + size)));
                    }
                }
                Collections.shuffle(queue, rnd);
            }
            return queue.remove(queue.size() - 1);
        }
    }

    /** Adam with global-norm clipping (1.0); a step with a non-finite gradient is skipped. */
    static final class Adam {
        private final List<NDArray> params;
        private final List<NDArray> m = new ArrayList<>();
        private final List<NDArray> v = new ArrayList<>();
        private int t;
        int skipped;

        Adam(NDManager manager, List<NDArray> params) {
            this.params = params;
            for (NDArray p : params) {
                m.add(manager.zeros(p.getShape()));
                v.add(manager.zeros(p.getShape()));
            }
        }

        void step(float lr, List<Float> lrScale) {
            double norm2 = 0;
            List<NDArray> grads = new ArrayList<>();
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                grads.add(g);
                norm2 += g.square().sum().getFloat();
            }
            if (!Double.isFinite(norm2)) {
                skipped++;
                for (NDArray p : params) {
                    JniUtils.zeroGrad((PtNDArray) p);
                }
                return;
            }
            t++;
            float clip = (float) Math.min(1.0, 1.0 / Math.max(1e-12, Math.sqrt(norm2)));
            float c1 = (float) (1 - Math.pow(0.9, t));
            float c2 = (float) (1 - Math.pow(0.999, t));
            for (int i = 0; i < params.size(); i++) {
                NDArray g = grads.get(i).mul(clip);
                m.get(i).muli(0.9f).addi(g.mul(0.1f));
                v.get(i).muli(0.999f).addi(g.square().mul(0.001f));
                NDArray update = m.get(i).div(c1).div(v.get(i).div(c2).sqrt().add(1e-8f)).mul(lr * lrScale.get(i));
                params.get(i).subi(update);
                JniUtils.zeroGrad((PtNDArray) params.get(i));
            }
        }
    }
}
