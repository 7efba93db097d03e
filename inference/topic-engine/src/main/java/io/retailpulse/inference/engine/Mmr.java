package io.retailpulse.inference.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance (Carbonell and Goldstein 1998; BERTopic's {@code MaximalMarginalRelevance}): picks,
 * one at a time, the candidate maximising {@code (1 - diversity) * relevance - diversity * max similarity to those
 * already picked}, so that near-duplicates ("self-checkout", "self-checkout broken", "checkout broken") do not
 * crowd out the other sides of a topic. Hand-written: a dozen lines, no library offers it for the JVM.
 */
public final class Mmr {
    private Mmr() {}

    /**
     * Indices of up to {@code k} candidates in the order picked.
     *
     * @param relevance  each candidate's relevance (cosine to the topic)
     * @param similarity candidate-to-candidate similarity, {@code similarity[i][j]}
     * @param diversity  0: by relevance alone; 1: only how different from those picked
     */
    public static List<Integer> select(double[] relevance, double[][] similarity, int k, double diversity) {
        List<Integer> picked = new ArrayList<>();
        boolean[] used = new boolean[relevance.length];
        while (picked.size() < Math.min(k, relevance.length)) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < relevance.length; i++) {
                if (used[i]) {
                    continue;
                }
                double redundancy = 0;
                boolean first = true;
                for (int j : picked) {
                    redundancy = first ? similarity[i][j] : Math.max(redundancy, similarity[i][j]);
                    first = false;
                }
                double score = (1 - diversity) * relevance[i] - diversity * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            used[best] = true;
            picked.add(best);
        }
        return picked;
    }
}
