package io.retailpulse.inference.engine;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one clustering: topics (largest first), a topic per document ({@code -1} = outlier), the
 * document embeddings, and milliseconds spent per stage (embed, reduce, cluster, represent).
 */
public record TopicResult(List<Topic> topics, int[] assignments, float[][] embeddings, Map<String, Long> stageMillis) {
    public long outliers() {
        long n = 0;
        for (int a : assignments) {
            if (a < 0) {
                n++;
            }
        }
        return n;
    }
}
