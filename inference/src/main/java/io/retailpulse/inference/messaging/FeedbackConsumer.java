package io.retailpulse.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.config.InferencePool;
import io.retailpulse.inference.domain.AlertService;
import io.retailpulse.inference.domain.SentenceEncoder;
import io.retailpulse.inference.domain.ThemeText;
import io.retailpulse.inference.domain.TopicIndex;
import io.retailpulse.inference.domain.UnhappyRule;
import io.retailpulse.inference.persistence.FeedbackRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code text.scored} → {@code topic_feedback} (the weekly corpus) and real-time matching against the latest
 * topics; "unhappy" is the scorer's label (with the source's own markers, {@link UnhappyRule#test(ScoredTextEvent)}).
 * Unreadable records go to {@code text.scored.dlq}. Offsets are committed after MySQL and the alerts.
 */
@ApplicationScoped
public class FeedbackConsumer {
    private static final Logger LOG = Logger.getLogger(FeedbackConsumer.class);

    private final ObjectMapper json;
    private final FeedbackRepository feedback;
    private final UnhappyRule unhappy;
    private final TopicIndex index;
    private final SentenceEncoder encoder;
    private final ThemeText theme;
    private final InferencePool pool;
    private final AlertService alerts;
    private final DeadLetters deadLetters;
    private final InferenceConfig.Alerts config;

    public FeedbackConsumer(ObjectMapper json, FeedbackRepository feedback, UnhappyRule unhappy, TopicIndex index,
            SentenceEncoder encoder, ThemeText theme, InferencePool pool, AlertService alerts,
            DeadLetters deadLetters, InferenceConfig config) {
        this.json = json;
        this.feedback = feedback;
        this.unhappy = unhappy;
        this.index = index;
        this.encoder = encoder;
        this.theme = theme;
        this.pool = pool;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.config = config.alerts();
    }

    @Incoming("text-scored-topics")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<ScoredTextEvent> events = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                ScoredTextEvent e = json.readValue(r.value(), ScoredTextEvent.class);
                if (e.eventId() == null || e.text() == null || e.text().isBlank()) {
                    throw new IllegalArgumentException("eventId and text are required");
                }
                events.add(e);
            } catch (Exception bad) {
                dead.add(deadLetters.send(r, bad.getMessage()));
            }
        }
        return Uni.join().all(dead).andCollectFailures().onItem().ignore().andContinueWithNull()
                .chain(() -> handle(events));
    }

    /** Stores the events, then matches the candidates (unhappy ones, by default) against the elected topics. */
    Uni<Void> handle(List<ScoredTextEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FeedbackRepository.Doc> docs = events.stream().map(e -> new FeedbackRepository.Doc(e.eventId(),
                e.ts() != null ? e.ts() : Instant.now(), e.source() == null ? "unknown" : e.source(), e.userId(),
                e.text(), unhappy.test(e))).toList();
        List<FeedbackRepository.Doc> candidates = index.isEmpty() ? List.of()
                : docs.stream().filter(d -> d.unhappy() || !config.unhappyOnly()).toList();
        Uni<Void> stored = feedback.insertAll(docs);
        if (candidates.isEmpty()) {
            return stored.onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(5);
        }
        return stored.chain(() -> Uni.createFrom()
                        .item(() -> encoder.embed(candidates.stream().map(d -> theme.of(d.text())).toList()))
                        .runSubscriptionOn(pool.executor()))
                .chain(embeddings -> Multi.createFrom().range(0, candidates.size())
                        .onItem().transformToUniAndConcatenate(i -> index.nearest(embeddings[i], config.similarity())
                                .filter(TopicIndex.Hit::elected)
                                .map(hit -> alerts.raise(candidates.get(i), hit))
                                .orElse(Uni.createFrom().voidItem()))
                        .collect().last().replaceWithVoid())
                // MySQL or Kafka hiccups: retry the whole batch (storing and alerting are idempotent per event)
                .onFailure().invoke(e -> LOG.warn("Feedback batch failed, retrying", e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(5);
    }
}
