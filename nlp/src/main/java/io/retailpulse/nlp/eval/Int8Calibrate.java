package io.retailpulse.nlp.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Entity;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.Int8Plan;
import io.retailpulse.nlp.ModelAssembler;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.TensorFile;
import io.retailpulse.nlp.TextAnalysis;
import io.retailpulse.nlp.TextEncoding;
import io.retailpulse.nlp.data.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calibrates the static int8 build ({@link Int8Plan}): runs the fp32 model on TRAINING text (SemEval train tweets,
 * SST-2 train, CoNLL-2003 eng.train, WNUT-17 train; never the dev sets), histograms the input of every encoder linear
 * layer over the real tokens (batch 1, no padding) and clips each range at a percentile of its values.
 *
 * <p>{@code --check} then compares int8 with fp32 on held-out text that is neither calibration nor a dev set (the
 * twitter-2016dev tweets used for checkpoint selection, later eng.train and WNUT-17 train sentences): sentiment label
 * agreement, mean |Δp|, and entity agreement (F1 of int8's entities against fp32's, CoNLL head and WNUT head). That
 * is how the percentile and the fp32 layers are chosen, so the dev sets stay unseen until {@code nlp/evaluate.sh}.
 *
 * <p>Usage: {@code nlp/calibrate.sh [--texts N] [--percentiles 99.99,100] [--fp32 "layer11.ffn_out;..."] [--check]
 * [--bias-correct] [--write]} ({@code --write} writes the first percentile's ranges to the artifacts'
 * {@value Int8Plan#FILE}; {@code --bias-correct} also measures each layer input's per-channel mean, for
 * {@link Int8Plan}'s bias correction, and {@code --write} then writes {@value Int8Plan#BIAS_FILE}).
 */
public final class Int8Calibrate {
    private static final int BINS = 8192;

    private Int8Calibrate() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("pulse.data", "../shared/data"));
        Path dir = Path.of("nlp/src/main/resources/models/pulse-text");
        int n = 512;
        List<Double> percentiles = List.of(99.99);
        List<String> fp32Sets = List.of("");
        boolean check = false;
        boolean write = false;
        boolean smooth = false;
        boolean biasCorrect = false;
        int checkTexts = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--texts" -> n = Integer.parseInt(args[++i]);
                case "--percentiles" ->
                    percentiles = java.util.Arrays.stream(args[++i].split(","))
                            .map(x -> x.equals("mse") ? MSE : Double.parseDouble(x))
                            .toList();
                case "--fp32" -> fp32Sets = List.of(args[++i].split(";", -1));
                case "--check" -> check = true;
                case "--check-texts" -> checkTexts = Integer.parseInt(args[++i]);
                case "--write" -> write = true;
                case "--smooth" -> smooth = true;
                case "--bias-correct" -> biasCorrect = true;
                case "--artifacts" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("model.properties"))) {
            props.load(in);
        }
        Map<String, TensorFile.Tensor> tensors;
        try (InputStream in = Files.newInputStream(dir.resolve(props.getProperty("weights", "weights.ptt")))) {
            tensors = TensorFile.read(in);
        }
        String card = Files.readString(dir.resolve("card.json"), StandardCharsets.UTF_8);

        long t0 = System.nanoTime();
        List<String> calib = calibrationTexts(data, n);
        Map<String, double[]> hist = new LinkedHashMap<>();
        Map<String, String> layerInputs = new LinkedHashMap<>();
        Map<String, float[]> smoothing = new LinkedHashMap<>();
        Map<String, float[]> means = new LinkedHashMap<>();
        histograms(props, tensors, calib, layerInputs, hist, smooth, smoothing, means);
        if (!biasCorrect) {
            means.clear();
        }
        System.out.printf(
                Locale.ROOT,
                "calibrated on %d training texts (%d layer inputs) in %.0f s%n",
                calib.size(),
                hist.size(),
                (System.nanoTime() - t0) / 1e9);

        List<String> checkSet = check ? checkTexts(data, checkTexts) : List.of();
        Map<String, Object> fp32Ref = null;
        for (double p : percentiles) {
            Properties ranges = ranges(layerInputs, hist, p);
            if (write && p == percentiles.get(0)) {
                write(dir.resolve(Int8Plan.FILE), ranges, p, calib.size());
                writeOrDelete(dir.resolve(Int8Plan.SMOOTH_FILE), smooth, Int8Plan.SMOOTH, smoothing);
                writeOrDelete(dir.resolve(Int8Plan.BIAS_FILE), biasCorrect, Int8Plan.MEAN, means);
            }
            Map<String, TensorFile.Tensor> withSmooth = new LinkedHashMap<>(tensors);
            smoothing.forEach((k, v) -> withSmooth.put(Int8Plan.SMOOTH + k, TensorFile.Tensor.of(v)));
            means.forEach((k, v) -> withSmooth.put(Int8Plan.MEAN + k, TensorFile.Tensor.of(v)));
            if (!check) {
                continue;
            }
            for (String fp32 : fp32Sets) {
                Properties all = new Properties();
                all.putAll(props);
                all.putAll(ranges);
                all.setProperty(Int8Plan.FP32, fp32);
                if (fp32Ref == null) {
                    try (PulseTextModel f = PulseTextModel.fromArtifacts(
                            new ModelOptions(2, null, 32, Precision.FP32), all, tensors, card, System.nanoTime())) {
                        fp32Ref = outputs(f, checkSet);
                    }
                }
                try (PulseTextModel q = PulseTextModel.fromArtifacts(
                        new ModelOptions(2, null, 32, Precision.INT8), all, withSmooth, card, System.nanoTime())) {
                    Map<String, Object> o = outputs(q, checkSet);
                    System.out.printf(Locale.ROOT, "%s fp32 [%s]: %s%n", label(p), fp32, agreement(fp32Ref, o));
                }
            }
        }
    }

    /** Training text only: every k-th line of the training files, a quarter from each task. */
    static List<String> calibrationTexts(Path data, int n) {
        int each = Math.max(1, n / 4);
        List<String> tweets = new ArrayList<>();
        for (String f : List.of("twitter-2013train-A.tsv", "twitter-2015train-A.tsv", "twitter-2016train-A.tsv")) {
            Datasets.semeval(data.resolve("sentiment/semeval-tweets/" + f)).forEach(l -> tweets.add(l.text()));
        }
        List<String> out = new ArrayList<>(every(tweets, each));
        out.addAll(every(
                Datasets.sst2(data.resolve("sentiment/sst2/train.tsv")).stream()
                        .map(Datasets.Labelled::text)
                        .toList(),
                each));
        out.addAll(every(sentences(Datasets.conll(data.resolve("ner/conll2003/eng.train")), 0, 2), each));
        out.addAll(every(sentences(Datasets.wnut(data.resolve("ner/wnut17/wnut17train.conll")), 0, 2), each));
        return out;
    }

    /**
     * Held-out agreement text: the checkpoint-selection tweets (twitter-2016dev) and the odd sentences of eng.train
     * and WNUT-17 train (calibration reads the even ones).
     */
    static List<String> checkTexts(Path data, int n) {
        int each = Math.max(1, n / 3);
        List<String> out = new ArrayList<>(every(
                Datasets.semeval(data.resolve("sentiment/semeval-tweets/twitter-2016dev-A.tsv")).stream()
                        .map(Datasets.Labelled::text)
                        .toList(),
                each));
        out.addAll(every(sentences(Datasets.conll(data.resolve("ner/conll2003/eng.train")), 1, 2), each));
        out.addAll(every(sentences(Datasets.wnut(data.resolve("ner/wnut17/wnut17train.conll")), 1, 2), each));
        return out;
    }

    private static List<String> sentences(List<Datasets.Tagged> rows, int offset, int step) {
        List<String> out = new ArrayList<>();
        for (int i = offset; i < rows.size(); i += step) {
            out.add(String.join(" ", rows.get(i).tokens()));
        }
        return out;
    }

    private static List<String> every(List<String> all, int count) {
        List<String> out = new ArrayList<>();
        double step = Math.max(1.0, all.size() / (double) count);
        for (double i = 0; i < all.size() && out.size() < count; i += step) {
            out.add(all.get((int) i));
        }
        return out;
    }

    /**
     * Three passes at batch 1: each layer input's per-channel max |x| (SmoothQuant's factors, when {@code smooth}),
     * then the min/max of the smoothed input, then a histogram over that range.
     */
    private static void histograms(
            Properties props,
            Map<String, TensorFile.Tensor> tensors,
            List<String> texts,
            Map<String, String> layerInputs,
            Map<String, double[]> hist,
            boolean smooth,
            Map<String, float[]> smoothing,
            Map<String, float[]> means)
            throws OrtException {
        float scale = Float.parseFloat(props.getProperty("lora.scale", "1"));
        BaseEncoder.Base base = BaseEncoder.Base.of(props);
        Map<String, float[]> weightRowMax = new HashMap<>();
        byte[] model = ModelAssembler.calibrationModel(
                BaseEncoder.baseModelBytes(base), tensors, scale, layerInputs, weightRowMax);
        Set<String> names = new HashSet<>(layerInputs.values());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, float[]> minMax = new HashMap<>();
        Map<String, float[]> channelMax = new HashMap<>();
        Map<String, float[]> inv = new HashMap<>();
        Map<String, double[]> sums = new HashMap<>();
        long[] tokens = {0};
        names.forEach(x -> minMax.put(x, new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}));
        try (Featurizer featurizer = new Featurizer(Integer.parseInt(props.getProperty("maxTokens", "128")), base);
                OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, so)) {
            for (int pass = smooth ? 0 : 1; pass < 3; pass++) {
                if (pass == 1) {
                    // one factor per input tensor: the layers reading it (query, key, value) share it
                    for (Map.Entry<String, String> e : layerInputs.entrySet()) {
                        float[] xm = channelMax.get(e.getValue());
                        float[] s = smoothing.get(e.getValue());
                        if (xm == null) {
                            continue;
                        }
                        float[] wm = new float[xm.length];
                        for (Map.Entry<String, String> o : layerInputs.entrySet()) {
                            if (o.getValue().equals(e.getValue())) {
                                float[] r = weightRowMax.get(o.getKey());
                                for (int c = 0; c < wm.length; c++) {
                                    wm[c] = Math.max(wm[c], r[c]);
                                }
                            }
                        }
                        if (s == null) {
                            s = new float[xm.length];
                            float[] iv = new float[xm.length];
                            for (int c = 0; c < s.length; c++) {
                                s[c] = Int8Plan.smoothing(xm[c], wm[c]);
                                iv[c] = 1f / s[c];
                            }
                            smoothing.put(e.getValue(), s);
                            inv.put(e.getValue(), iv);
                        }
                    }
                }
                for (String text : texts) {
                    TextEncoding e = featurizer.encode(text);
                    Map<String, long[]> in = PulseTextModel.batchInputs(List.of(e), true);
                    long[] shape = {1, in.get("len")[0]};
                    Map<String, OnnxTensor> inputs = new HashMap<>();
                    for (String name :
                            List.of("input_ids", "attention_mask", "token_type_ids", ModelAssembler.IN_SHAPE)) {
                        inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(in.get(name)), shape));
                    }
                    if (pass == 1) {
                        tokens[0] += shape[1];
                    }
                    try (OrtSession.Result r = session.run(inputs, names)) {
                        for (String name : names) {
                            OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
                            long[] dims = t.getInfo().getShape();
                            int width = (int) dims[dims.length - 1];
                            FloatBuffer b = t.getFloatBuffer();
                            float[] iv = inv.get(name);
                            if (pass == 0) {
                                float[] cm = channelMax.computeIfAbsent(name, x -> new float[width]);
                                for (int i = 0; b.hasRemaining(); i++) {
                                    int c = i % width;
                                    cm[c] = Math.max(cm[c], Math.abs(b.get()));
                                }
                            } else if (pass == 1) {
                                float[] mm = minMax.get(name);
                                // per-channel sum of the raw input (bias correction's E[x])
                                double[] sum = sums.computeIfAbsent(name, x -> new double[width]);
                                for (int i = 0; b.hasRemaining(); i++) {
                                    float raw = b.get();
                                    sum[i % width] += raw;
                                    float v = iv == null ? raw : raw * iv[i % width];
                                    mm[0] = Math.min(mm[0], v);
                                    mm[1] = Math.max(mm[1], v);
                                }
                            } else {
                                float[] mm = minMax.get(name);
                                double[] h = hist.computeIfAbsent(name, x -> new double[BINS]);
                                float binWidth = (mm[1] - mm[0]) / BINS;
                                for (int i = 0; b.hasRemaining(); i++) {
                                    float v = iv == null ? b.get() : b.get() * iv[i % width];
                                    int bin = (int) ((v - mm[0]) / binWidth);
                                    h[Math.max(0, Math.min(BINS - 1, bin))]++;
                                }
                            }
                        }
                    } finally {
                        inputs.values().forEach(OnnxTensor::close);
                    }
                }
            }
        }
        // keep the range beside the histogram: bins [BINS] are over [min, max]
        minMax.forEach((name, mm) -> hist.put(name + "#range", new double[] {mm[0], mm[1]}));
        // smoothing by layer name (the plan's key), not by tensor name
        Map<String, float[]> byLayer = new LinkedHashMap<>();
        layerInputs.forEach((layer, input) -> {
            if (smoothing.containsKey(input)) {
                byLayer.put(layer, smoothing.get(input));
            }
        });
        smoothing.clear();
        smoothing.putAll(byLayer);
        layerInputs.forEach((layer, input) -> {
            double[] sum = sums.get(input);
            float[] m = new float[sum.length];
            for (int c = 0; c < m.length; c++) {
                m[c] = (float) (sum[c] / tokens[0]);
            }
            means.put(layer, m);
        });
    }

    /**
     * Each layer's input range: clipped at {@code p} percent of its values on both sides, or, for {@code p} =
     * {@link #MSE}, the range whose uint8 quantisation error (rounding inside, clipping outside) is smallest over the
     * calibration histogram ({@link #mseRange}).
     */
    static Properties ranges(Map<String, String> layerInputs, Map<String, double[]> hist, double p) {
        Properties out = new Properties();
        for (Map.Entry<String, String> e : layerInputs.entrySet()) {
            double[] h = hist.get(e.getValue());
            double[] mm = hist.get(e.getValue() + "#range");
            if (p == MSE) {
                double[] r = mseRange(h, mm[0], mm[1]);
                out.setProperty(Int8Plan.RANGE + e.getKey(), String.format(Locale.ROOT, "%.6g,%.6g", r[0], r[1]));
                continue;
            }
            double total = 0;
            for (double v : h) {
                total += v;
            }
            double cut = total * (100 - p) / 100;
            double width = (mm[1] - mm[0]) / BINS;
            int lo = 0;
            for (double acc = h[0]; acc <= cut && lo < BINS - 1; acc += h[++lo]) {}
            int hi = BINS - 1;
            for (double acc = h[hi]; acc <= cut && hi > 0; acc += h[--hi]) {}
            double min = p >= 100 ? mm[0] : mm[0] + lo * width;
            double max = p >= 100 ? mm[1] : mm[0] + (hi + 1) * width;
            out.setProperty(Int8Plan.RANGE + e.getKey(), String.format(Locale.ROOT, "%.6g,%.6g", min, max));
        }
        return out;
    }

    private static String label(double p) {
        return p == MSE ? "mse-optimal range" : String.format(Locale.ROOT, "percentile %.4f", p);
    }

    /** {@code --percentiles mse}: the MSE-optimal range per layer instead of a percentile. */
    static final double MSE = -1;

    /**
     * The uint8 range [a, b] (widened to include 0, as {@link Int8Plan#scaleAndZeroPoint} does) minimising the
     * expected squared quantisation error of values distributed as {@code h} (bins over [min, max]): scale² / 12 for
     * each value inside, (v - edge)² for each value clipped; the edges searched on a 512 × 512 grid of bin edges,
     * each candidate in O(1) from prefix sums. This is the MSE calibration of TensorRT / ONNX Runtime's percentile
     * family done per layer: a layer with a few far outliers gets a tight range, one whose tail carries mass keeps it.
     */
    static double[] mseRange(double[] h, double min, double max) {
        int bins = h.length;
        double width = (max - min) / bins;
        double[] c = new double[bins + 1];
        double[] cv = new double[bins + 1];
        double[] cv2 = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            double v = min + (i + 0.5) * width;
            c[i + 1] = c[i] + h[i];
            cv[i + 1] = cv[i] + h[i] * v;
            cv2[i + 1] = cv2[i] + h[i] * v * v;
        }
        int step = Math.max(1, bins / 512);
        double best = Double.MAX_VALUE;
        double[] out = {min, max};
        for (int lo = 0; lo < bins; lo += step) {
            double a = min + lo * width;
            if (a > 0 && lo > 0) {
                break;
            }
            // clipped below a: sum h (v - a)^2 over bins [0, lo)
            double below = cv2[lo] - 2 * a * cv[lo] + a * a * c[lo];
            for (int hi = bins; hi > lo; hi -= step) {
                double b = min + hi * width;
                if (b < 0 && hi < bins) {
                    break;
                }
                double above = (cv2[bins] - cv2[hi]) - 2 * b * (cv[bins] - cv[hi]) + b * b * (c[bins] - c[hi]);
                double s = (Math.max(0, b) - Math.min(0, a)) / 255;
                double err = below + above + (c[hi] - c[lo]) * s * s / 12;
                if (err < best) {
                    best = err;
                    out = new double[] {a, b};
                }
            }
        }
        return out;
    }

    private static void write(Path file, Properties ranges, double p, int texts) throws Exception {
        // the fp32 layers are a choice made with --check: kept from the file unless -Dpulse.q.fp32 says otherwise
        Properties old = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                old.load(in);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("# int8 activation ranges (Int8Plan): input of each encoder linear layer on " + texts
                + " training texts, " + (p == MSE ? "MSE-optimal range per layer" : "clipped at percentile " + p)
                + "; written by nlp/calibrate.sh");
        lines.add(
                "# int8.fp32: the layers kept in fp32, chosen on held-out agreement with fp32 (nlp/calibrate.sh --check)");
        lines.add(Int8Plan.FP32 + "=" + System.getProperty("pulse.q.fp32", old.getProperty(Int8Plan.FP32, "")));
        new TreeMap<>(ranges).forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(file, lines);
        System.out.println("wrote " + file);
    }

    private static Map<String, Object> outputs(PulseTextModel m, List<String> texts) {
        List<TextAnalysis> a = m.analyse(texts);
        List<List<Entity>> w = m.wnutEntities(texts);
        return Map.of("analysis", a, "wnut", w);
    }

    @SuppressWarnings("unchecked")
    static String agreement(Map<String, Object> ref, Map<String, Object> q) {
        List<TextAnalysis> a = (List<TextAnalysis>) ref.get("analysis");
        List<TextAnalysis> b = (List<TextAnalysis>) q.get("analysis");
        int same = 0;
        double dp = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).label() == b.get(i).label() ? 1 : 0;
            for (int c = 0; c < 3; c++) {
                dp += Math.abs(a.get(i).sentiment()[c] - b.get(i).sentiment()[c]) / 3;
            }
        }
        double conll = entityF1(
                a.stream().map(TextAnalysis::entities).toList(),
                b.stream().map(TextAnalysis::entities).toList());
        double wnut = entityF1((List<List<Entity>>) ref.get("wnut"), (List<List<Entity>>) q.get("wnut"));
        return String.format(
                Locale.ROOT,
                "label agreement %.4f, mean |dp| %.4f, entity agreement F1 ner %.2f wnut %.2f (%d texts)",
                same / (double) a.size(),
                dp / a.size(),
                conll,
                wnut,
                a.size());
    }

    private static double entityF1(List<List<Entity>> ref, List<List<Entity>> q) {
        int tp = 0;
        int nr = 0;
        int nq = 0;
        for (int i = 0; i < ref.size(); i++) {
            Set<String> r = new HashSet<>();
            ref.get(i).forEach(e -> r.add(e.start() + ":" + e.end() + ":" + e.type()));
            nr += r.size();
            for (Entity e : q.get(i)) {
                nq++;
                tp += r.contains(e.start() + ":" + e.end() + ":" + e.type()) ? 1 : 0;
            }
        }
        return nr + nq == 0 ? 100 : 200.0 * tp / (nr + nq);
    }

    /**
     * An optional tensor file of the plan: written (each vector under {@code prefix} + its name) when the option is
     * on, deleted when it is off, so a stale file from an earlier calibration is never assembled in.
     */
    private static void writeOrDelete(Path file, boolean on, String prefix, Map<String, float[]> vectors)
            throws IOException {
        if (!on) {
            Files.deleteIfExists(file);
            return;
        }
        Map<String, TensorFile.Tensor> out = new TreeMap<>();
        vectors.forEach((k, v) -> out.put(prefix + k, TensorFile.Tensor.of(v)));
        try (var os = Files.newOutputStream(file)) {
            TensorFile.write(out, os);
        }
        System.out.println("wrote " + file);
    }
}
