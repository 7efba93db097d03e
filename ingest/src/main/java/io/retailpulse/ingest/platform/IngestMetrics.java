package io.retailpulse.ingest.platform;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/**
 * {@code ingest_rows_total{source, outcome, reason}}: outcome accepted / duplicate / rejected. The reason tag
 * is the field or check a rejection names (its first word), so its cardinality stays small.
 */
@ApplicationScoped
public class IngestMetrics {
    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code reasons}: those of the rejections listed in the answer; the others count as {@code unlisted}. */
    public void record(String source, long accepted, long duplicates, List<String> reasons, long rejected) {
        count(source, "accepted", "none", accepted - duplicates);
        count(source, "duplicate", "none", duplicates);
        long listed = 0;
        for (String reason : reasons) {
            count(source, "rejected", reasonTag(reason), 1);
            listed++;
        }
        count(source, "rejected", "unlisted", rejected - listed);
    }

    public void count(String source, String outcome, String reason, long amount) {
        if (amount > 0) {
            registry.counter("ingest_rows_total", "source", source, "outcome", outcome, "reason", reason)
                    .increment(amount);
        }
    }

    public static String reasonTag(String reason) {
        String first = reason.split("[ ']", 2)[0].toLowerCase(Locale.ROOT);
        return first.isEmpty() || first.length() > 24 ? "other" : first;
    }
}
