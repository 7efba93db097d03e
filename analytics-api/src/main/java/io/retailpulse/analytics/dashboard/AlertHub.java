package io.retailpulse.analytics.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.common.events.RecordValues;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans every alert read from {@code feedback.alerts} out to the open dashboard streams. A stream that cannot keep
 * up loses alerts rather than holding the others back; the page reloads the full list from the table on reconnect.
 */
@ApplicationScoped
// Read and written by Jackson outside any REST signature, so a native image must keep their reflection data.
@RegisterForReflection(targets = {AlertEvent.class, AlertStreamResource.Ready.class})
public class AlertHub {
    private static final Logger LOG = Logger.getLogger(AlertHub.class);

    // topic_alert.topic_label (inference's V1__topics_and_alerts.sql), the table the page reloads from
    private static final int MAX_TOPIC_LABEL = 255;

    private final Set<MultiEmitter<? super AlertEvent>> listeners = ConcurrentHashMap.newKeySet();
    private final ObjectReader reader;
    private final int maxRecordBytes;

    @Inject
    public AlertHub(ObjectMapper mapper, DashboardConfig config) {
        this(mapper, config.maxAlertBytes());
    }

    AlertHub(ObjectMapper mapper, int maxRecordBytes) {
        this.reader = RecordValues.strictReader(mapper, AlertEvent.class);
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * A record that is not an AlertEvent throws, so the channel's failure strategy dead-letters it with the reason.
     * The value comes as bytes and is decoded strictly: a StringDeserializer would turn bytes that are not UTF-8
     * into U+FFFD and the alert would be shown altered.
     */
    @Incoming("dashboard-alerts")
    public void onAlert(byte[] value) {
        if (value != null && value.length > maxRecordBytes) {
            throw new IllegalArgumentException(
                    "not an AlertEvent: record value has " + value.length + " bytes, at most " + maxRecordBytes);
        }
        String json;
        try {
            json = RecordValues.utf8(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an AlertEvent: " + e.getMessage(), e);
        }
        publish(parse(json));
    }

    AlertEvent parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty record is not an AlertEvent");
        }
        AlertEvent alert;
        try {
            alert = reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not an AlertEvent: "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                    e);
        }
        if (alert == null
                || blank(alert.alertId())
                || blank(alert.topicLabel())
                || alert.text() == null
                || alert.raisedAt() == null) {
            throw new IllegalArgumentException("AlertEvent without alertId, topicLabel, text or raisedAt");
        }
        // nothing is stored here (the record size is capped above); the shown label and text must be real text
        String tooLong = RecordValues.first(
                RecordValues.varchar("topicLabel", alert.topicLabel(), MAX_TOPIC_LABEL),
                RecordValues.text("text", alert.text()));
        if (tooLong != null) {
            throw new IllegalArgumentException("not an AlertEvent: " + tooLong);
        }
        return alert;
    }

    void publish(AlertEvent alert) {
        LOG.debugf("alert %s (%s) to %d dashboard streams", alert.alertId(), alert.topicLabel(), listeners.size());
        for (MultiEmitter<? super AlertEvent> listener : listeners) {
            listener.emit(alert);
        }
    }

    /** Alerts from now on, until the subscriber cancels. */
    public Multi<AlertEvent> alerts() {
        return Multi.createFrom()
                .emitter(
                        emitter -> {
                            listeners.add(emitter);
                            emitter.onTermination(() -> listeners.remove(emitter));
                        },
                        BackPressureStrategy.DROP);
    }

    int listeners() {
        return listeners.size();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
