package io.retailpulse.inference.engine;

import java.util.Arrays;

/**
 * Merges near-duplicate topics (BERTopic's topic reduction, by threshold instead of a target count): repeatedly
 * joins the two topics with the most similar centroids while that similarity reaches the threshold. HDBSCAN splits
 * one complaint worded a few typical ways into several dense topics; their centroids stay close.
 */
public final class TopicMerger {
    private TopicMerger() {}

    /** Labels with merged topics (ids not compacted; -1 kept). {@code threshold > 1} returns the input. */
    public static int[] merge(float[][] embeddings, int[] labels, double threshold) {
        int k = Arrays.stream(labels).max().orElse(-1) + 1;
        if (threshold > 1 || k < 2) {
            return labels;
        }
        int dims = embeddings[0].length;
        double[][] sum = new double[k][dims];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                for (int j = 0; j < dims; j++) {
                    sum[labels[i]][j] += embeddings[i][j];
                }
            }
        }
        int[] into = new int[k];
        boolean[] alive = new boolean[k];
        for (int c = 0; c < k; c++) {
            into[c] = c;
            alive[c] = true;
        }
        double[][] sim = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                sim[a][b] = cosine(sum[a], sum[b]);
            }
        }
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = threshold;
            for (int a = 0; a < k; a++) {
                if (!alive[a]) {
                    continue;
                }
                for (int b = a + 1; b < k; b++) {
                    if (alive[b] && sim[a][b] >= best) {
                        best = sim[a][b];
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            alive[bestB] = false;
            into[bestB] = bestA;
            for (int j = 0; j < dims; j++) {
                sum[bestA][j] += sum[bestB][j];
            }
            for (int c = 0; c < k; c++) {
                if (alive[c] && c != bestA) {
                    double s = cosine(sum[bestA], sum[c]);
                    sim[Math.min(c, bestA)][Math.max(c, bestA)] = s;
                }
            }
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            while (c >= 0 && into[c] != c) {
                c = into[c];
            }
            out[i] = c;
        }
        return out;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
