package io.retailpulse.inference.complaints;

import io.retailpulse.inference.engine.TopicModel;
import io.retailpulse.inference.engine.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The topics real-time matching uses: those of the latest run that found any, swapped in atomically. */
@ApplicationScoped
public class TopicIndex {
    /** The nearest topic of a text, and whether it is an elected reason. */
    public record Hit(long runId, long topicId, String label, double similarity, boolean elected) {}

    private record State(long runId, long[] ids, String[] labels, float[][] centroids, Set<Long> elected) {}

    private volatile State state;

    public void replace(TopicStore.Snapshot snapshot) {
        List<TopicStore.RunTopic> topics = snapshot.topics();
        state = new State(
                snapshot.runId(),
                topics.stream().mapToLong(TopicStore.RunTopic::topicId).toArray(),
                topics.stream().map(TopicStore.RunTopic::label).toArray(String[]::new),
                topics.stream().map(TopicStore.RunTopic::centroid).toArray(float[][]::new),
                snapshot.elected());
    }

    /** The run whose topics are loaded, or -1 before any. */
    public long runId() {
        State s = state;
        return s == null ? -1 : s.runId();
    }

    public boolean isEmpty() {
        State s = state;
        return s == null || s.ids().length == 0;
    }

    /** The nearest topic at {@code minSimilarity} or more, if any. */
    public Optional<Hit> nearest(float[] embedding, double minSimilarity) {
        State s = state;
        if (s == null || s.ids().length == 0) {
            return Optional.empty();
        }
        int best = TopicModel.nearest(embedding, s.centroids());
        double sim = Vectors.dot(embedding, s.centroids()[best]);
        if (sim < minSimilarity) {
            return Optional.empty();
        }
        long id = s.ids()[best];
        return Optional.of(
                new Hit(s.runId(), id, s.labels()[best], sim, s.elected().contains(id)));
    }
}
