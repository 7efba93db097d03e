package io.retailpulse.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Viterbi decoding of BIO labels over word pieces: emission log-probabilities plus learned transition scores
 * ({@code <head>.transitions} [L, L] from→to, {@code <head>.start} [L]; zero when absent), with hard constraints:
 * I-X only after B-X or I-X, and a ##continuation piece keeps its word's entity (O stays O, B-X/I-X go on as I-X).
 */
public final class Crf {
    private static final float NEG = -1e9f;

    private final List<String> types;
    private final float[][] transitions;
    private final float[] start;

    public Crf(List<String> types, float[][] transitions, float[] start) {
        this.types = List.copyOf(types);
        this.transitions = transitions;
        this.start = start;
    }

    static Crf from(Map<String, TensorFile.Tensor> tensors, String head, List<String> labels) {
        List<String> types = new ArrayList<>();
        for (int i = 1; i < labels.size(); i += 2) {
            types.add(labels.get(i).substring(2));
        }
        int n = labels.size();
        TensorFile.Tensor tr = tensors.get(head + ".transitions");
        TensorFile.Tensor st = tensors.get(head + ".start");
        return new Crf(types, tr == null ? new float[n][n] : tr.matrix(), st == null ? new float[n] : st.data());
    }

    public List<String> types() {
        return types;
    }

    static boolean allowed(int from, int to, boolean continuation) {
        boolean toInside = to > 0 && to % 2 == 0;
        if (continuation) {
            return from == 0 ? to == 0 : to > 0 && toInside && (to - 1) / 2 == (from - 1) / 2;
        }
        if (toInside) {
            return from > 0 && (from - 1) / 2 == (to - 1) / 2;
        }
        return true;
    }

    /** Best label path; {@code continuation[k]} marks ##pieces. */
    public int[] decode(float[][] emissions, boolean[] continuation) {
        int n = emissions.length;
        int labels = emissions[0].length;
        float[][] score = new float[n][labels];
        int[][] back = new int[n][labels];
        for (int l = 0; l < labels; l++) {
            boolean inside = l > 0 && l % 2 == 0;
            score[0][l] = inside ? NEG : start[l] + emissions[0][l];
        }
        for (int k = 1; k < n; k++) {
            for (int to = 0; to < labels; to++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = 0;
                for (int from = 0; from < labels; from++) {
                    float s = score[k - 1][from] + (allowed(from, to, continuation[k]) ? transitions[from][to] : NEG);
                    if (s > best) {
                        best = s;
                        arg = from;
                    }
                }
                score[k][to] = best + emissions[k][to];
                back[k][to] = arg;
            }
        }
        int[] path = new int[n];
        int last = 0;
        for (int l = 1; l < labels; l++) {
            if (score[n - 1][l] > score[n - 1][last]) {
                last = l;
            }
        }
        path[n - 1] = last;
        for (int k = n - 1; k > 0; k--) {
            path[k - 1] = back[k][path[k]];
        }
        return path;
    }

    public static float[] logSoftmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        float log = (float) Math.log(sum) + max;
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - log;
        }
        return out;
    }
}
