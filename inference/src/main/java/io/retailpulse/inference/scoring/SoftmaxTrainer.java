package io.retailpulse.inference.scoring;

/**
 * Incremental training of the sentiment head: softmax regression over the model's features (the input of its final
 * sentiment layer), warm-started from the current head. Full-batch Adam with class-balanced loss (the labelled
 * feedback is rarely balanced) and an L2 pull towards the starting head, so a few hundred labels adapt the head
 * without forgetting what it learnt from the training corpus.
 */
public final class SoftmaxTrainer {
    /** A head: {@code weight[class][feature]}, {@code bias[class]}. */
    public record Weights(float[][] weight, float[] bias) {
        public int classes() {
            return bias.length;
        }

        public int features() {
            return weight[0].length;
        }

        public float[] probabilities(float[] x) {
            int k = bias.length;
            double[] z = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = bias[c];
                float[] w = weight[c];
                for (int j = 0; j < x.length; j++) {
                    s += w[j] * x[j];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            float[] p = new float[k];
            for (int c = 0; c < k; c++) {
                p[c] = (float) (z[c] / sum);
            }
            return p;
        }

        public Weights copy() {
            float[][] w = new float[weight.length][];
            for (int c = 0; c < weight.length; c++) {
                w[c] = weight[c].clone();
            }
            return new Weights(w, bias.clone());
        }
    }

    /**
     * @param epochs       full-batch Adam steps
     * @param learningRate Adam step size
     * @param l2           weight of the squared distance to the starting head
     */
    public record Options(int epochs, double learningRate, double l2) {}

    /** Macro-averaged recall (the SemEval measure), accuracy and the confusion matrix {@code [true][predicted]}. */
    public record Evaluation(double macroRecall, double accuracy, int size, int[][] confusion) {}

    private SoftmaxTrainer() {}

    public static Weights train(Weights start, float[][] x, int[] y, Options options) {
        int k = start.classes();
        int d = start.features();
        int n = x.length;
        Weights w = start.copy();
        if (n == 0) {
            return w;
        }
        int[] counts = new int[k];
        for (int label : y) {
            counts[label]++;
        }
        double[] classWeight = new double[k];
        int present = 0;
        for (int c = 0; c < k; c++) {
            present += counts[c] > 0 ? 1 : 0;
        }
        double norm = 0;
        for (int c = 0; c < k; c++) {
            classWeight[c] = counts[c] == 0 ? 0 : (double) n / (present * counts[c]);
        }
        for (int i = 0; i < n; i++) {
            norm += classWeight[y[i]];
        }
        double[][] m = new double[k][d + 1];
        double[][] v = new double[k][d + 1];
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[][] grad = new double[k][d + 1];
        for (int step = 1; step <= options.epochs(); step++) {
            for (double[] g : grad) {
                java.util.Arrays.fill(g, 0);
            }
            for (int i = 0; i < n; i++) {
                float[] p = w.probabilities(x[i]);
                double cw = classWeight[y[i]] / norm;
                for (int c = 0; c < k; c++) {
                    double err = (p[c] - (c == y[i] ? 1 : 0)) * cw;
                    if (err == 0) {
                        continue;
                    }
                    double[] g = grad[c];
                    float[] xi = x[i];
                    for (int j = 0; j < d; j++) {
                        g[j] += err * xi[j];
                    }
                    g[d] += err;
                }
            }
            double lr = options.learningRate() * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
            for (int c = 0; c < k; c++) {
                for (int j = 0; j <= d; j++) {
                    double current = j < d ? w.weight()[c][j] : w.bias()[c];
                    double anchor = j < d ? start.weight()[c][j] : start.bias()[c];
                    double g = grad[c][j] + options.l2() * (current - anchor);
                    m[c][j] = b1 * m[c][j] + (1 - b1) * g;
                    v[c][j] = b2 * v[c][j] + (1 - b2) * g * g;
                    double next = current - lr * m[c][j] / (Math.sqrt(v[c][j]) + eps);
                    if (j < d) {
                        w.weight()[c][j] = (float) next;
                    } else {
                        w.bias()[c] = (float) next;
                    }
                }
            }
        }
        return w;
    }

    public static Evaluation evaluate(Weights head, float[][] x, int[] y) {
        int k = head.classes();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            int predicted = SentimentLabels.argmax(head.probabilities(x[i]));
            confusion[y[i]][predicted]++;
            correct += predicted == y[i] ? 1 : 0;
        }
        double recallSum = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
            int total = 0;
            for (int p = 0; p < k; p++) {
                total += confusion[c][p];
            }
            if (total > 0) {
                recallSum += (double) confusion[c][c] / total;
                classes++;
            }
        }
        return new Evaluation(
                classes == 0 ? 0 : recallSum / classes,
                x.length == 0 ? 0 : (double) correct / x.length,
                x.length,
                confusion);
    }
}
