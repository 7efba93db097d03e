package io.retailpulse.inference.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** External clustering scores against ground truth: NMI (arithmetic mean normalisation, as sklearn) and ARI. */
public final class ClusterScores {
    private ClusterScores() {}

    public static double nmi(int[] predicted, List<String> truth) {
        Table t = Table.of(predicted, truth);
        int n = t.n();
        Map<Integer, Integer> a = t.predicted();
        Map<String, Integer> b = t.truth();
        Map<String, Integer> joint = t.joint();
        double ha = entropy(a.values(), n);
        double hb = entropy(b.values(), n);
        double mi = 0;
        for (Map.Entry<String, Integer> e : joint.entrySet()) {
            String[] key = e.getKey().split("\u0000", 2);
            double pij = (double) e.getValue() / n;
            double pi = (double) a.get(Integer.parseInt(key[0])) / n;
            double pj = (double) b.get(key[1]) / n;
            mi += pij * Math.log(pij / (pi * pj));
        }
        double denom = (ha + hb) / 2;
        return denom == 0 ? 1.0 : mi / denom;
    }

    public static double ari(int[] predicted, List<String> truth) {
        Table t = Table.of(predicted, truth);
        int n = t.n();
        Map<Integer, Integer> a = t.predicted();
        Map<String, Integer> b = t.truth();
        Map<String, Integer> joint = t.joint();
        double sumJoint =
                joint.values().stream().mapToDouble(ClusterScores::pairs).sum();
        double sumA = a.values().stream().mapToDouble(ClusterScores::pairs).sum();
        double sumB = b.values().stream().mapToDouble(ClusterScores::pairs).sum();
        double expected = sumA * sumB / pairs(n);
        double max = (sumA + sumB) / 2;
        return max == expected ? 1.0 : (sumJoint - expected) / (max - expected);
    }

    /** Cluster sizes, label sizes and their joint counts (key: cluster NUL label): what both scores count from. */
    private record Table(
            int n, Map<Integer, Integer> predicted, Map<String, Integer> truth, Map<String, Integer> joint) {
        static Table of(int[] predicted, List<String> truth) {
            Table t = new Table(predicted.length, new HashMap<>(), new HashMap<>(), new HashMap<>());
            for (int i = 0; i < predicted.length; i++) {
                t.predicted().merge(predicted[i], 1, Integer::sum);
                t.truth().merge(truth.get(i), 1, Integer::sum);
                t.joint().merge(predicted[i] + "\u0000" + truth.get(i), 1, Integer::sum);
            }
            return t;
        }
    }

    private static double pairs(int x) {
        return x * (x - 1) / 2.0;
    }

    private static double entropy(Iterable<Integer> counts, int n) {
        double h = 0;
        for (int c : counts) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
