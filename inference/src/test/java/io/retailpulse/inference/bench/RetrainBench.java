package io.retailpulse.inference.bench;

import io.retailpulse.inference.scoring.SentimentLabels;
import io.retailpulse.inference.scoring.SoftmaxTrainer;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.SentimentHead;
import io.retailpulse.nlp.TextAnalysis;
import io.retailpulse.stack.testing.SharedDataRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How incremental retraining settings behave on real labels (not a test): the first {@code labels} tweets of SemEval
 * {@code twitter-2016devtest} (which the pulse-text model never trained on) play the labelled feedback, the rest of
 * the file is the test set. Prints the active head's test macro recall and, per setting {@code epochs,lr,l2}, the
 * retrained head's test and train macro recall and mean confidence.
 *
 * <p>{@code inference/bench/run.sh RetrainBench [labels=500] ["300,0.01,1.0;300,0.01,0.1"]}
 */
public final class RetrainBench {
    private RetrainBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        String settings = args.length > 1 ? args[1] : "300,0.01,1.0;300,0.01,0.3;300,0.01,0.1;300,0.01,0.001";
        Path file = SharedDataRoot.locate(RetrainBench.class, "sentiment")
                .resolve("sentiment/semeval-tweets/twitter-2016devtest-A.tsv");
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] c = line.split("\t", 3);
            if (c.length == 3 && SentimentLabels.index(c[1]) >= 0) {
                texts.add(NlpBench.unescape(c[2]));
                labels.add(SentimentLabels.index(c[1]));
            }
        }
        if (n >= texts.size() - 200) {
            throw new IllegalArgumentException("at most " + (texts.size() - 200) + " labels");
        }
        try (PulseTextModel model = PulseTextModel.load(new ModelOptions(2, null, 32))) {
            float[][] x =
                    model.analyse(texts).stream().map(TextAnalysis::features).toArray(float[][]::new);
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            float[][] xTrain = java.util.Arrays.copyOfRange(x, 0, n);
            int[] yTrain = java.util.Arrays.copyOfRange(y, 0, n);
            float[][] xTest = java.util.Arrays.copyOfRange(x, n, x.length);
            int[] yTest = java.util.Arrays.copyOfRange(y, n, y.length);
            SentimentHead h = model.sentimentHead();
            SoftmaxTrainer.Weights active = new SoftmaxTrainer.Weights(h.weight(), h.bias());
            System.out.printf(
                    Locale.ROOT,
                    "RetrainBench: %s %s, %d labels, %d test tweets%n",
                    model.name(),
                    model.version(),
                    n,
                    xTest.length);
            System.out.printf(
                    Locale.ROOT,
                    "active head: test macro recall %.4f, accuracy %.4f, mean confidence %.3f%n",
                    SoftmaxTrainer.evaluate(active, xTest, yTest).macroRecall(),
                    SoftmaxTrainer.evaluate(active, xTest, yTest).accuracy(),
                    confidence(active, xTest));
            for (String setting : settings.split(";")) {
                String[] p = setting.split(",");
                SoftmaxTrainer.Weights w = SoftmaxTrainer.train(
                        active,
                        xTrain,
                        yTrain,
                        new SoftmaxTrainer.Options(
                                Integer.parseInt(p[0].trim()),
                                Double.parseDouble(p[1].trim()),
                                Double.parseDouble(p[2].trim())));
                SoftmaxTrainer.Evaluation test = SoftmaxTrainer.evaluate(w, xTest, yTest);
                System.out.printf(
                        Locale.ROOT,
                        "epochs,lr,l2 = %-16s test macro recall %.4f, accuracy %.4f; train %.4f; "
                                + "mean confidence %.3f%n",
                        setting,
                        test.macroRecall(),
                        test.accuracy(),
                        SoftmaxTrainer.evaluate(w, xTrain, yTrain).macroRecall(),
                        confidence(w, xTest));
            }
            model.closeShared();
        }
    }

    private static double confidence(SoftmaxTrainer.Weights w, float[][] x) {
        double sum = 0;
        for (float[] xi : x) {
            float[] p = w.probabilities(xi);
            sum += Math.max(p[0], Math.max(p[1], p[2]));
        }
        return sum / x.length;
    }
}
