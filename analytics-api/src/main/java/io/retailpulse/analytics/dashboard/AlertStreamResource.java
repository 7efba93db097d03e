package io.retailpulse.analytics.dashboard;

import io.retailpulse.common.events.AlertEvent;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Live alerts as server-sent events. Guarded like every {@code /api/**} call: the key goes in a header, so
 * browsers read the stream with fetch rather than EventSource (which cannot send headers).
 */
@Path("/api/v1/alerts/stream")
@Tag(name = "dashboard")
public class AlertStreamResource {
    private final AlertHub hub;
    private final DashboardConfig config;

    public AlertStreamResource(AlertHub hub, DashboardConfig config) {
        this.hub = hub;
        this.config = config;
    }

    /** The first event of a stream: from here on, every alert raised reaches this client. */
    public record Ready(Instant since) {}

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Alerts as they are raised (text/event-stream)",
            description = "First a 'ready' event once the stream listens, then one 'alert' event per AlertEvent on "
                    + "feedback.alerts (data: its JSON, id: alertId), and a comment line when idle. Alerts raised "
                    + "before the stream opened are in GET /api/v1/alerts.")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> alerts = hub.alerts()
                .map(alert -> sse.newEventBuilder()
                        .name("alert")
                        .id(alert.alertId())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(AlertEvent.class, alert)
                        .build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom()
                .ticks()
                .startingAfter(config.heartbeat())
                .every(config.heartbeat())
                .onOverflow()
                .drop()
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        // Merged in this order so that the hub has registered the stream before 'ready' goes out.
        Multi<OutboundSseEvent> ready = Multi.createFrom()
                .item(() -> sse.newEventBuilder()
                        .name("ready")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(Ready.class, new Ready(Instant.now()))
                        .build());
        return Multi.createBy().merging().streams(alerts, heartbeats, ready);
    }
}
