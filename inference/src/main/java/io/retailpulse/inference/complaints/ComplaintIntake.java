package io.retailpulse.inference.complaints;

import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.shared.BatchInsert;
import io.retailpulse.inference.shared.InferencePool;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The complaints use case for each scored text: stored in {@code topic_feedback} (the weekly corpus; "unhappy" by
 * {@link UnhappyRule}), then, for the candidates, matched in real time against the elected reasons of the latest
 * run; a match goes to {@link ReasonAlerts}. A row MySQL refuses for its data is handed to {@code refuse} (event
 * id, reason); any other failure fails the Uni, which its caller retries whole (storing and alerting are
 * idempotent per event).
 */
@ApplicationScoped
public class ComplaintIntake {
    private static final Logger LOG = Logger.getLogger(ComplaintIntake.class);

    private final FeedbackRepository feedback;
    private final UnhappyRule unhappy;
    private final TopicIndex index;
    private final SentenceEncoder encoder;
    private final ThemeText theme;
    private final InferencePool pool;
    private final ReasonAlerts alerts;
    private final InferenceConfig.Alerts config;

    public ComplaintIntake(
            FeedbackRepository feedback,
            UnhappyRule unhappy,
            TopicIndex index,
            SentenceEncoder encoder,
            ThemeText theme,
            InferencePool pool,
            ReasonAlerts alerts,
            InferenceConfig config) {
        this.feedback = feedback;
        this.unhappy = unhappy;
        this.index = index;
        this.encoder = encoder;
        this.theme = theme;
        this.pool = pool;
        this.alerts = alerts;
        this.config = config.alerts();
    }

    /** Stores the events, then matches the candidates. */
    public Uni<Void> accept(List<ScoredTextEvent> events, BiFunction<String, String, Uni<Void>> refuse) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FeedbackRepository.Doc> all = events.stream()
                .map(e -> new FeedbackRepository.Doc(
                        e.eventId(),
                        e.ts() != null ? e.ts() : Instant.now(),
                        e.source() == null ? "unknown" : e.source(),
                        e.userId(),
                        e.text(),
                        unhappy.test(e),
                        LabelNames.of(e.entities())))
                .toList();
        return store(all)
                .chain(rejected -> Uni.join()
                        .all(rejected.entrySet().stream()
                                .map(r -> refuse.apply(r.getKey(), r.getValue()))
                                .toList())
                        .andFailFast()
                        .replaceWith(all.stream()
                                .filter(d -> !rejected.containsKey(d.eventId()))
                                .toList()))
                .chain(this::match)
                .onFailure()
                .invoke(e -> LOG.warn("Feedback batch failed, retrying", e));
    }

    /** Real-time matching: the candidates embedded once on the worker, each against the latest topics. */
    private Uni<Void> match(List<FeedbackRepository.Doc> docs) {
        List<FeedbackRepository.Doc> candidates = index.isEmpty()
                ? List.of()
                : docs.stream()
                        .filter(d -> d.unhappy() || !config.unhappyOnly())
                        .toList();
        if (candidates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .item(() -> encoder.embed(
                        candidates.stream().map(d -> theme.of(d.text())).toList()))
                .runSubscriptionOn(pool.executor())
                .chain(embeddings -> Multi.createFrom()
                        .range(0, candidates.size())
                        .onItem()
                        .transformToUniAndConcatenate(i -> index.nearest(embeddings[i], config.similarity())
                                .filter(TopicIndex.Hit::elected)
                                .map(hit -> alerts.raise(candidates.get(i), hit))
                                .orElse(Uni.createFrom().voidItem()))
                        .collect()
                        .last()
                        .replaceWithVoid());
    }

    /** Writes the documents; the rows MySQL refuses for their data come back as event id → reason. */
    Uni<Map<String, String>> store(List<FeedbackRepository.Doc> docs) {
        return BatchInsert.refusedRows(docs, feedback::insertAll, FeedbackRepository.Doc::eventId);
    }
}
