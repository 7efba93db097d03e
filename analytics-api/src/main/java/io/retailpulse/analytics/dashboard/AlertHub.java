package io.retailpulse.analytics.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.retailpulse.common.events.AlertEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans every alert read from {@code feedback.alerts} out to the open dashboard streams. A stream that cannot keep
 * up loses alerts rather than holding the others back; the page reloads the full list from the table on reconnect.
 */
@ApplicationScoped
// Read and written by Jackson outside any REST signature, so a native image must keep their reflection data.
@RegisterForReflection(targets = {AlertEvent.class, AlertStreamResource.Ready.class})
public class AlertHub {
    private static final Logger LOG = Logger.getLogger(AlertHub.class);

    private final Set<MultiEmitter<? super AlertEvent>> listeners = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper;

    public AlertHub(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A record that is not an AlertEvent throws, so the channel's failure strategy dead-letters it with the reason. */
    @Incoming("dashboard-alerts")
    public void onAlert(String json) {
        publish(parse(json));
    }

    AlertEvent parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty record is not an AlertEvent");
        }
        AlertEvent alert;
        try {
            alert = mapper.readValue(json, AlertEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an AlertEvent: " + e.getOriginalMessage(), e);
        }
        if (alert == null || blank(alert.alertId()) || blank(alert.topicLabel()) || alert.text() == null
                || alert.raisedAt() == null) {
            throw new IllegalArgumentException("AlertEvent without alertId, topicLabel, text or raisedAt");
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
        return Multi.createFrom().emitter(emitter -> {
            listeners.add(emitter);
            emitter.onTermination(() -> listeners.remove(emitter));
        }, BackPressureStrategy.DROP);
    }

    int listeners() {
        return listeners.size();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
