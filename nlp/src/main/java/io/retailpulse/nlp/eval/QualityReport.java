package io.retailpulse.nlp.eval;

import io.retailpulse.nlp.CardJson;
import io.retailpulse.nlp.ConfidenceBins;
import io.retailpulse.nlp.Entity;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.NerLabels;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.TextAnalysis;
import io.retailpulse.nlp.data.Datasets;
import io.retailpulse.nlp.data.TokenLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The quality command: loads the SERVED model ({@link PulseTextModel#load}, ONNX Runtime) and scores the four dev
 * sets, prints the figures and writes them into card.json and model-card.md (when {@code --card DIR} is given).
 * Entities are scored exactly (type and word boundaries) on the sentence texts joined by spaces, as served.
 * Usage: {@code nlp/evaluate.sh} (see nlp/README.md); {@code --artifacts DIR} scores a checkpoint directory instead.
 */
public final class QualityReport {
    private QualityReport() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("pulse.data", "../shared/data"));
        Path cardDir = null;
        Path artifacts = null;
        List<Precision> precisions = List.of(Precision.FP32, Precision.INT8);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--card")) {
                cardDir = Path.of(args[++i]);
            } else if (args[i].equals("--artifacts")) {
                artifacts = Path.of(args[++i]);
            } else if (args[i].equals("--data")) {
                data = Path.of(args[++i]);
            } else if (args[i].equals("--precision")) {
                String p = args[++i];
                precisions = p.equals("both") ? List.of(Precision.FP32, Precision.INT8) : List.of(Precision.parse(p));
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        ModelOptions options = new ModelOptions(2, null, 32);
        Precision served = null;
        for (Precision precision : precisions) {
            Map<String, Double> pm = new LinkedHashMap<>();
            try (PulseTextModel model = artifacts == null
                    ? PulseTextModel.load(options.withPrecision(precision))
                    : fromDirectory(artifacts, options.withPrecision(precision))) {
                System.out.printf(
                        "model %s %s %s (max %d tokens)%n",
                        model.name(), model.version(), precision.label(), model.maxTokens());
                score(model, data, pm);
                if (served == null) {
                    served = defaultPrecision(artifacts);
                }
                if (precision == served) {
                    // the drift monitor compares live traffic with what the SERVED precision predicts
                    driftReference(
                            model.analyse(
                                    Datasets.semeval(data.resolve("sentiment/semeval-tweets/twitter-2016dev-A.tsv"))
                                            .stream()
                                            .map(Datasets.Labelled::text)
                                            .toList()),
                            m);
                }
            }
            pm.forEach((k, v) -> m.put(precision == Precision.FP32 ? k : precision.label() + "." + k, v));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%nquality (dev sets, served ONNX model), %.0f s%n", seconds);
        m.forEach((k, v) -> System.out.printf("  %-45s %.4f%n", k, v));
        for (Precision precision : precisions) {
            String p = precision == Precision.FP32 ? "" : precision.label() + ".";
            System.out.printf(
                    "%n%s floors: semeval macro recall %.4f >= 0.64 %s | sst2 acc %.4f >= 0.86 %s | conll F1 %.2f >= 88 %s | wnut F1 %.2f >= 40 %s%n",
                    precision.label(),
                    m.get(p + "semeval2016devtest.macroRecall"),
                    ok(m.get(p + "semeval2016devtest.macroRecall") >= 0.64),
                    m.get(p + "sst2.dev.accuracy"),
                    ok(m.get(p + "sst2.dev.accuracy") >= 0.86),
                    m.get(p + "conll2003.testa.f1"),
                    ok(m.get(p + "conll2003.testa.f1") >= 88),
                    m.get(p + "wnut17.dev.f1"),
                    ok(m.get(p + "wnut17.dev.f1") >= 40));
        }
        if (cardDir != null) {
            // a run of one precision keeps the other's figures already in the card
            Map<String, Double> merged = CardJson.metrics(Files.readString(cardDir.resolve("card.json")));
            merged.putAll(m);
            m.clear();
            m.putAll(merged);
        }
        Boolean int8Passes = compare(m);
        if (cardDir != null) {
            if (int8Passes != null && artifacts == null) {
                setServedPrecision(cardDir, int8Passes ? Precision.INT8 : Precision.FP32);
            }
            writeCard(cardDir, m);
        }
    }

    /** int8 beside fp32 on the headline figures: whether int8 passes the rule, null when a figure is missing. */
    static Boolean compare(Map<String, Double> m) {
        if (HEADLINE.stream().anyMatch(k -> !m.containsKey(k) || !m.containsKey("int8." + k))) {
            return null;
        }
        System.out.printf(
                "%nint8 vs fp32 (points; rule: every figure within %.1f points to serve int8 by default)%n",
                INT8_TOLERANCE);
        boolean all = true;
        for (String key : HEADLINE) {
            double d = points(key, m.get("int8." + key) - m.get(key));
            boolean within = Math.abs(d) <= INT8_TOLERANCE;
            all &= within;
            System.out.printf(
                    "  %-32s fp32 %8.4f  int8 %8.4f  %+6.2f points %s%n",
                    key, m.get(key), m.get("int8." + key), d, within ? "ok" : "OUTSIDE");
        }
        System.out.printf(
                "int8 %s%n",
                all
                        ? "within 0.5 points on every figure: served by default"
                        : "NOT within 0.5 points on every figure: fp32 served by default");
        return all;
    }

    /** The rule applied: {@code precision=} in model.properties says which precision {@code load} serves. */
    static void setServedPrecision(Path dir, Precision precision) throws Exception {
        Path file = dir.resolve("model.properties");
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.removeIf(l -> l.startsWith("precision="));
        lines.add("precision=" + precision.label());
        Files.write(file, lines);
    }

    /** The figures the int8 rule compares: sentiment on tweets and reviews, entities on news and tweets. */
    static final List<String> HEADLINE = List.of(
            "semeval2016devtest.macroRecall",
            "sst2.dev.accuracy",
            "conll2003.testa.f1",
            "wnut17.dev.f1",
            "wnut17.dev.served4.f1");

    static final double INT8_TOLERANCE = 0.5;

    /** A difference in points: sentiment figures are fractions (×100), entity figures already percentages. */
    static double points(String key, double diff) {
        return key.startsWith("semeval") || key.startsWith("sst2") ? 100 * diff : diff;
    }

    private static void score(PulseTextModel model, Path data, Map<String, Double> m) {
        sentiment(model, Datasets.semeval(data.resolve("sentiment/semeval-tweets/twitter-2016devtest-A.tsv")), m);
        sst2(model, Datasets.sst2(data.resolve("sentiment/sst2/dev.tsv")), m);
        List<Datasets.Tagged> conll = Datasets.conll(data.resolve("ner/conll2003/eng.testa"));
        prf("conll2003.testa", ner(model, conll, UnaryOperator.identity(), false), m);
        List<Datasets.Tagged> wnut = Datasets.wnut(data.resolve("ner/wnut17/emerging.dev.conll"));
        prf("wnut17.dev", ner(model, wnut, UnaryOperator.identity(), true), m);
        prf("wnut17.dev.served4", ner(model, wnut, NerLabels::wnutToConll, false), m);
    }

    private static Precision defaultPrecision(Path artifacts) throws Exception {
        java.util.Properties props = new java.util.Properties();
        boolean classpath = artifacts == null || !Files.exists(artifacts.resolve("model.properties"));
        try (var in = classpath
                ? PulseTextModel.class
                        .getClassLoader()
                        .getResourceAsStream(PulseTextModel.ARTIFACT_DIR + "model.properties")
                : Files.newInputStream(artifacts.resolve("model.properties"))) {
            props.load(in);
        }
        return Precision.parse(props.getProperty("precision", "fp32"));
    }

    /** A checkpoint directory (weights.ptt, model.properties, card.json) instead of the classpath artifacts. */
    static PulseTextModel fromDirectory(Path dir, ModelOptions options) throws Exception {
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newInputStream(dir.resolve("model.properties"))) {
            props.load(in);
        }
        if (Files.exists(dir.resolve(io.retailpulse.nlp.Int8Plan.FILE))) {
            try (var in = Files.newInputStream(dir.resolve(io.retailpulse.nlp.Int8Plan.FILE))) {
                props.load(in);
            }
        }
        try (var in = Files.newInputStream(dir.resolve(props.getProperty("weights", "weights.ptt")))) {
            Map<String, io.retailpulse.nlp.TensorFile.Tensor> tensors =
                    new LinkedHashMap<>(io.retailpulse.nlp.TensorFile.read(in));
            if (Files.exists(dir.resolve(io.retailpulse.nlp.Int8Plan.SMOOTH_FILE))) {
                try (var s = Files.newInputStream(dir.resolve(io.retailpulse.nlp.Int8Plan.SMOOTH_FILE))) {
                    tensors.putAll(io.retailpulse.nlp.TensorFile.read(s));
                }
            }
            return PulseTextModel.fromArtifacts(
                    options, props, tensors, Files.readString(dir.resolve("card.json")), System.nanoTime());
        }
    }

    private static String ok(boolean b) {
        return b ? "OK" : "BELOW";
    }

    static void sentiment(PulseTextModel model, List<Datasets.Labelled> rows, Map<String, Double> m) {
        List<TextAnalysis> out =
                model.analyse(rows.stream().map(Datasets.Labelled::text).toList());
        int[][] confusion = new int[3][3];
        for (int i = 0; i < rows.size(); i++) {
            confusion[rows.get(i).label()][out.get(i).label()]++;
        }
        double macro = 0;
        int correct = 0;
        int total = 0;
        for (int c = 0; c < 3; c++) {
            int support = confusion[c][0] + confusion[c][1] + confusion[c][2];
            double recall = support == 0 ? 0 : confusion[c][c] / (double) support;
            m.put("semeval2016devtest.recall." + TextAnalysis.LABELS.get(c), recall);
            macro += recall / 3;
            correct += confusion[c][c];
            total += support;
        }
        m.put("semeval2016devtest.macroRecall", macro);
        m.put("semeval2016devtest.accuracy", correct / (double) total);
        m.put("semeval2016devtest.n", (double) total);
    }

    /**
     * The drift monitor's training reference: label shares and the confidence histogram ({@link ConfidenceBins}) of
     * the model's own predictions on twitter-2016dev. Those tweets come from the training collection but were held
     * out: on tweets it trained on, the model is more confident than it will ever be on live feedback, and that
     * reference would report drift from the first day.
     */
    static void driftReference(List<TextAnalysis> predictions, Map<String, Double> m) {
        double[] labels = new double[3];
        double[] bins = new double[ConfidenceBins.COUNT];
        for (TextAnalysis a : predictions) {
            labels[a.label()]++;
            bins[ConfidenceBins.of(a.sentiment()[a.label()])]++;
        }
        for (int c = 0; c < 3; c++) {
            m.put("reference.label." + TextAnalysis.LABELS.get(c), labels[c] / predictions.size());
        }
        for (int b = 0; b < bins.length; b++) {
            m.put("reference.confidence." + b, bins[b] / predictions.size());
        }
        m.put("reference.size", (double) predictions.size());
    }

    /** SST-2 is binary: the prediction is positive when P(positive) > P(negative); neutral is ignored. */
    static void sst2(PulseTextModel model, List<Datasets.Labelled> rows, Map<String, Double> m) {
        List<TextAnalysis> out =
                model.analyse(rows.stream().map(Datasets.Labelled::text).toList());
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            float[] p = out.get(i).sentiment();
            int predicted = p[2] > p[0] ? 2 : 0;
            if (predicted == rows.get(i).label()) {
                correct++;
            }
        }
        m.put("sst2.dev.accuracy", correct / (double) rows.size());
    }

    /** Exact-match entity counts {tp, predicted, gold}. */
    static int[] ner(
            PulseTextModel model, List<Datasets.Tagged> sentences, UnaryOperator<String> goldType, boolean wnutHead) {
        List<String> texts = sentences.stream().map(Datasets.Tagged::text).toList();
        List<List<Entity>> predicted;
        if (wnutHead) {
            predicted = model.wnutEntities(texts);
        } else {
            predicted =
                    model.analyse(texts).stream().map(TextAnalysis::entities).toList();
        }
        int tp = 0;
        int np = 0;
        int ng = 0;
        for (int i = 0; i < sentences.size(); i++) {
            Datasets.Tagged s = sentences.get(i);
            int[] starts = s.starts();
            Set<String> gold = new HashSet<>();
            for (Datasets.Span span : Datasets.spans(s.tags())) {
                String type = goldType.apply(span.type());
                gold.add(span.start() + ":" + span.end() + ":" + (wnutHead ? type : NerLabels.publicType(type)));
            }
            Set<String> pred = new HashSet<>();
            for (Entity e : predicted.get(i)) {
                int first = TokenLabels.wordAt(starts, e.start());
                int last = TokenLabels.wordAt(starts, Math.max(e.start(), e.end() - 1));
                pred.add(first + ":" + (last + 1) + ":" + e.type());
            }
            ng += gold.size();
            np += pred.size();
            for (String p : pred) {
                if (gold.contains(p)) {
                    tp++;
                }
            }
        }
        return new int[] {tp, np, ng};
    }

    static void prf(String prefix, int[] c, Map<String, Double> m) {
        double p = c[1] == 0 ? 0 : c[0] / (double) c[1];
        double r = c[2] == 0 ? 0 : c[0] / (double) c[2];
        double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        m.put(prefix + ".f1", 100 * f);
        m.put(prefix + ".precision", 100 * p);
        m.put(prefix + ".recall", 100 * r);
    }

    static void writeCard(Path dir, Map<String, Double> metrics) throws Exception {
        Path cardFile = dir.resolve("card.json");
        Map<String, Object> card = CardJson.read(Files.readString(cardFile));
        Map<String, Object> rounded = new LinkedHashMap<>();
        metrics.forEach((k, v) -> rounded.put(k, Math.round(v * 10000) / 10000.0));
        card.put("metrics", rounded);
        card.put("metricsCommand", "nlp/evaluate.sh");
        card.put("servedPrecision", defaultPrecision(dir).label());
        Files.writeString(cardFile, CardJson.write(card));
        StringBuilder md = new StringBuilder();
        md.append("# Model card: ")
                .append(card.get("name"))
                .append(' ')
                .append(card.get("version"))
                .append("\n\n");
        md.append("- Task: ").append(card.get("task")).append("\n");
        md.append("- Base encoder: ").append(card.get("baseModel")).append("\n");
        md.append("- Method: ").append(card.get("method")).append("\n");
        md.append("- Trained at: ").append(card.get("trainedAt")).append("\n");
        md.append("- Training data: ").append(card.get("trainingData")).append("\n");
        if (card.get("trainingCommand") != null) {
            md.append("- Training command: `")
                    .append(card.get("trainingCommand"))
                    .append("`\n");
        }
        if (card.get("trainingTime") != null) {
            md.append("- Training time: ").append(card.get("trainingTime")).append("\n");
        }
        md.append(
                "- Metrics command: `nlp/evaluate.sh` (both precisions of the served ONNX model through the nlp API)\n");
        md.append("- Served precision: ")
                .append(card.getOrDefault("servedPrecision", "fp32"))
                .append("\n\n");
        md.append("## Dev-set quality\n\n")
                .append(
                        "fp32: the encoder as trained. int8: its linear layers quantised at load time (weights int8 per output ")
                .append(
                        "channel; activations uint8 with static ranges calibrated on training text, `nlp/calibrate.sh`; ")
                .append(
                        "the layers listed in `int8.fp32` of int8-calibration.properties stay fp32); served by default ")
                .append("when every figure is within ")
                .append(INT8_TOLERANCE)
                .append(" points of fp32 (`precision` in model.properties).\n\n")
                .append("| metric | fp32 | int8 | floor (target) |\n|---|---|---|---|\n");
        row(
                md,
                metrics,
                "semeval2016devtest.macroRecall",
                "SemEval twitter-2016devtest 3-class macro recall",
                "0.64 (0.68)");
        row(md, metrics, "sst2.dev.accuracy", "SST-2 dev accuracy (P(pos) vs P(neg))", "0.86 (0.90)");
        row(md, metrics, "conll2003.testa.f1", "CoNLL-2003 eng.testa entity F1 (serving head)", "88 (92)");
        row(md, metrics, "wnut17.dev.f1", "WNUT-17 dev entity F1 (auxiliary 6-type head, standard metric)", "40 (48)");
        row(md, metrics, "wnut17.dev.served4.f1", "WNUT-17 dev F1 of the 4-type serving head (types mapped)", "-");
        md.append("\n## All figures\n\n| metric | value |\n|---|---|\n");
        metrics.forEach((k, v) -> md.append("| ")
                .append(k)
                .append(" | ")
                .append(String.format("%.4f", v))
                .append(" |\n"));
        md.append(
                        "\nEntity F1 is exact match on type and word boundaries (CoNLL/WNUT tokens joined by spaces). The WNUT-17 ")
                .append("served4 figure maps person→PERSON, location→LOCATION, group/corporation→ORGANIZATION, ")
                .append(
                        "product/creative-work→MISC. These are development numbers; the evaluation sets were never trained ")
                .append(
                        "on or used for model selection (twitter-2016dev is the held-out selection split). The `reference.*` ")
                .append(
                        "figures are the drift monitor's training reference: label shares and confidence histogram of the ")
                .append("model's predictions on the held-out twitter-2016dev tweets.\n");
        Files.writeString(dir.resolve("model-card.md"), md.toString());
    }

    private static void row(StringBuilder md, Map<String, Double> m, String key, String label, String floor) {
        Double v = m.get(key);
        Double q = m.get("int8." + key);
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(v == null ? "-" : String.format("%.4f", v))
                .append(" | ")
                .append(q == null ? "-" : String.format("%.4f", q))
                .append(" | ")
                .append(floor)
                .append(" |\n");
    }
}
