package io.retailpulse.training;

import java.util.Random;

/** Multinomial logistic regression fitted by mini-batch Adam with class weights and L2 (frozen-feature heads). */
final class Softmax {
    final float[][] w;
    final float[] b;

    Softmax(int classes, int dim) {
        w = new float[classes][dim];
        b = new float[classes];
    }

    static Softmax fit(float[][] x, int[] y, int classes, float[] classWeight, int epochs, float lr, float l2, long seed) {
        int dim = x[0].length;
        Softmax m = new Softmax(classes, dim);
        float[][] mw = new float[classes][dim];
        float[][] vw = new float[classes][dim];
        float[] mb = new float[classes];
        float[] vb = new float[classes];
        Random rnd = new Random(seed);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int batch = 64;
        int step = 0;
        float[][] gw = new float[classes][dim];
        float[] gb = new float[classes];
        double[] p = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < order.length; from += batch) {
                int to = Math.min(order.length, from + batch);
                for (float[] row : gw) {
                    java.util.Arrays.fill(row, 0);
                }
                java.util.Arrays.fill(gb, 0);
                float norm = 0;
                for (int k = from; k < to; k++) {
                    int i = order[k];
                    m.probs(x[i], p);
                    float cw = classWeight[y[i]];
                    norm += cw;
                    for (int c = 0; c < classes; c++) {
                        float g = (float) (p[c] - (c == y[i] ? 1 : 0)) * cw;
                        gb[c] += g;
                        float[] xi = x[i];
                        float[] gwc = gw[c];
                        for (int d = 0; d < dim; d++) {
                            gwc[d] += g * xi[d];
                        }
                    }
                }
                step++;
                float lrT = (float) (lr * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step)));
                for (int c = 0; c < classes; c++) {
                    for (int d = 0; d < dim; d++) {
                        float g = gw[c][d] / norm + l2 * m.w[c][d];
                        mw[c][d] = 0.9f * mw[c][d] + 0.1f * g;
                        vw[c][d] = 0.999f * vw[c][d] + 0.001f * g * g;
                        m.w[c][d] -= lrT * mw[c][d] / ((float) Math.sqrt(vw[c][d]) + 1e-8f);
                    }
                    float g = gb[c] / norm;
                    mb[c] = 0.9f * mb[c] + 0.1f * g;
                    vb[c] = 0.999f * vb[c] + 0.001f * g * g;
                    m.b[c] -= lrT * mb[c] / ((float) Math.sqrt(vb[c]) + 1e-8f);
                }
            }
        }
        return m;
    }

    void probs(float[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = b[c];
            float[] wc = w[c];
            for (int d = 0; d < x.length; d++) {
                s += wc[d] * x[d];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }

    int predict(float[] x) {
        double[] p = new double[w.length];
        probs(x, p);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Inverse-frequency class weights normalised to mean 1. */
    static float[] balanced(int[] y, int classes) {
        float[] count = new float[classes];
        for (int label : y) {
            count[label]++;
        }
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = count[c] == 0 ? 0 : y.length / (classes * count[c]);
        }
        return w;
    }
}
