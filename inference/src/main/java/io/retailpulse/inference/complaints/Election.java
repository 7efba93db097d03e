package io.retailpulse.inference.complaints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The top reasons of a run: topics ranked by how much unhappy feedback they hold. */
public final class Election {
    /** An elected topic (index into the run's topics) with its unhappy count and share of all unhappy feedback. */
    public record Elected(int rank, int topic, int unhappy, double share) {}

    private Election() {}

    /**
     * @param assignments topic per document (-1 outlier)
     * @param unhappy     whether each document is unhappy
     * @param topics      number of topics
     */
    public static List<Elected> elect(int[] assignments, boolean[] unhappy, int topics, int top, int minCount) {
        int[] count = new int[topics];
        int[] size = new int[topics];
        int total = 0;
        for (int i = 0; i < assignments.length; i++) {
            if (unhappy[i]) {
                total++;
            }
            if (assignments[i] >= 0) {
                size[assignments[i]]++;
                if (unhappy[i]) {
                    count[assignments[i]]++;
                }
            }
        }
        int all = total;
        List<Integer> ranked = IntStream.range(0, topics)
                .filter(t -> count[t] >= Math.max(1, minCount))
                .boxed()
                .sorted(Comparator.comparingInt((Integer t) -> -count[t])
                        .thenComparingInt(t -> -size[t])
                        .thenComparingInt(t -> t))
                .limit(top)
                .toList();
        List<Elected> out = new ArrayList<>();
        for (int r = 0; r < ranked.size(); r++) {
            int t = ranked.get(r);
            out.add(new Elected(r + 1, t, count[t], all == 0 ? 0 : (double) count[t] / all));
        }
        return out;
    }

    /** Unhappy documents per topic. */
    public static int[] unhappyCounts(int[] assignments, boolean[] unhappy, int topics) {
        int[] count = new int[topics];
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i] >= 0 && unhappy[i]) {
                count[assignments[i]]++;
            }
        }
        return count;
    }
}
