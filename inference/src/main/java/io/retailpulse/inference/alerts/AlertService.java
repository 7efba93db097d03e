package io.retailpulse.inference.alerts;

import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.inference.complaints.FeedbackRepository;
import io.retailpulse.inference.complaints.ReasonAlerts;
import io.retailpulse.inference.complaints.TopicIndex;
import io.retailpulse.inference.config.InferenceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Raises an alert for a feedback that matched an elected reason: MySQL first (it decides the dedupe per topic
 * and customer, and makes a redelivered event alert once), then {@code feedback.alerts}, then the webhook.
 */
@ApplicationScoped
public class AlertService implements ReasonAlerts {
    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final AlertRepository repository;
    private final AlertPublisher publisher;
    private final WebhookSender webhook;
    private final InferenceConfig.Alerts config;

    public AlertService(
            AlertRepository repository, AlertPublisher publisher, WebhookSender webhook, InferenceConfig config) {
        this.repository = repository;
        this.publisher = publisher;
        this.webhook = webhook;
        this.config = config.alerts();
    }

    @Override
    public Uni<Void> raise(FeedbackRepository.Doc doc, TopicIndex.Hit hit) {
        Instant now = Instant.now();
        AlertEvent alert = new AlertEvent(
                UUID.randomUUID().toString(),
                doc.eventId(),
                hit.topicId(),
                hit.label(),
                hit.similarity(),
                doc.source(),
                doc.userId(),
                doc.text(),
                doc.ts(),
                now);
        return repository
                .insertIfNew(alert, hit.runId(), dedupeKey(doc), now.minus(config.dedupeWindow()))
                .chain(stored -> {
                    if (!stored) {
                        LOG.debugf("alert for %s on topic %d deduplicated", doc.eventId(), hit.topicId());
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof(
                            "Alert %s: feedback %s matches top reason %d '%s' (similarity %.3f)",
                            alert.alertId(), doc.eventId(), hit.topicId(), hit.label(), hit.similarity());
                    return publisher.publish(alert).invoke(() -> webhook.deliver(alert));
                });
    }

    /** The customer: the user when known, otherwise the event itself (anonymous feedback is never merged). */
    static String dedupeKey(FeedbackRepository.Doc doc) {
        return doc.userId() != null && !doc.userId().isBlank()
                ? "user:" + doc.source() + ":" + doc.userId()
                : "event:" + doc.eventId();
    }
}
