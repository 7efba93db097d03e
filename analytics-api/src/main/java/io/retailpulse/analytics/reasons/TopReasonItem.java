package io.retailpulse.analytics.reasons;

import io.retailpulse.analytics.lists.CsvText;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code GET /api/v1/topics/top-reasons}: an elected complaint reason of a topic run, ranked by unhappy
 * feedback. {@code share} is its part of the run's unhappy feedback, {@code window} the run's time window.
 */
public record TopReasonItem(
        int rank,
        long topicId,
        String label,
        List<String> keywords,
        long unhappy,
        double share,
        Integer size,
        long runId,
        Window window) {

    public static final String CSV_HEADER = "rank,topicId,label,keywords,unhappy,share,size,runId,windowFrom,windowTo";

    /** The window of feedback a topic run clustered, [from, to). */
    public record Window(Instant from, Instant to) {}

    String csv() {
        return CsvText.line(
                rank,
                topicId,
                label,
                String.join("; ", keywords),
                unhappy,
                share,
                size,
                runId,
                window.from(),
                window.to());
    }
}
