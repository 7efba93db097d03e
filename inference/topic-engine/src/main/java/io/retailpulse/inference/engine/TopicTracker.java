package io.retailpulse.inference.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stable topic ids across runs: each new topic takes the id of the previous run's topic with the most similar
 * centroid (one-to-one, greedy by similarity, at least {@code minSimilarity}); the rest are new, and previous topics
 * left unmatched vanished.
 */
public final class TopicTracker {
    /** A previous run's topic. */
    public record Previous(long topicId, int size, float[] centroid) {}

    /**
     * How a new topic relates to the previous run.
     *
     * @param previous index into the previous topics, or -1 (new)
     * @param change   new, grown, shrunk or stable
     */
    public record Match(int previous, String change, double similarity) {}

    /** Matches of the new topics (same order) and the indices of the previous topics that vanished. */
    public record Tracking(List<Match> matches, List<Integer> vanished) {}

    private TopicTracker() {}

    public static Tracking track(
            List<Topic> current, List<Previous> previous, double minSimilarity, double sizeChange) {
        record Pair(int current, int previous, double similarity) {}
        List<Pair> pairs = new ArrayList<>();
        for (int c = 0; c < current.size(); c++) {
            for (int p = 0; p < previous.size(); p++) {
                double s =
                        Vectors.dot(current.get(c).centroid(), previous.get(p).centroid());
                if (s >= minSimilarity) {
                    pairs.add(new Pair(c, p, s));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::similarity).reversed());
        Match[] matches = new Match[current.size()];
        boolean[] taken = new boolean[previous.size()];
        for (Pair pair : pairs) {
            if (matches[pair.current()] != null || taken[pair.previous()]) {
                continue;
            }
            taken[pair.previous()] = true;
            int before = previous.get(pair.previous()).size();
            int now = current.get(pair.current()).size();
            String change =
                    now >= before * (1 + sizeChange) ? "grown" : now <= before * (1 - sizeChange) ? "shrunk" : "stable";
            matches[pair.current()] = new Match(pair.previous(), change, pair.similarity());
        }
        List<Match> out = new ArrayList<>();
        for (Match m : matches) {
            out.add(m != null ? m : new Match(-1, "new", 0));
        }
        List<Integer> vanished = new ArrayList<>();
        for (int p = 0; p < previous.size(); p++) {
            if (!taken[p]) {
                vanished.add(p);
            }
        }
        return new Tracking(out, vanished);
    }

    /**
     * Whether a topic that kept its id also kept its content, so it keeps its label: at least {@code minOverlap} of
     * the content words of the smaller of the two top-{@code top} keyword lists are in the other (overlap
     * coefficient). Words, not phrases, so that "out of stock" vs "stock" still counts as the same content.
     */
    public static boolean sameContent(List<String> before, List<String> now, int top, double minOverlap) {
        java.util.Set<String> a = words(before, top);
        java.util.Set<String> b = words(now, top);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        long shared = a.stream().filter(b::contains).count();
        return shared >= minOverlap * Math.min(a.size(), b.size());
    }

    private static java.util.Set<String> words(List<String> keywords, int top) {
        java.util.Set<String> out = new java.util.HashSet<>();
        keywords.stream().limit(top).forEach(k -> out.addAll(KeyPhrases.contentWords(k)));
        return out;
    }
}
