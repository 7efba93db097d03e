package io.retailpulse.inference.alerts;

import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.inference.shared.QueryInstants;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Alerts raised by real-time matching (the service's own view; analytics-api serves the public list). */
// Every answer waits for MySQL: bounded by pulse.database.timeout (then 503 + Retry-After).
@DatabaseDeadline
@Path("/api/v1/topics/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class ComplaintAlertResource {
    private final AlertRepository alerts;

    public ComplaintAlertResource(AlertRepository alerts) {
        this.alerts = alerts;
    }

    public record AlertsView(List<AlertEvent> items) {}

    /** Alerts raised in {@code [from, to)} (default: the last 7 days), newest first, at most {@code limit} (≤ 1000). */
    @GET
    public Uni<AlertsView> list(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000");
        }
        Instant end = QueryInstants.parse("to", to, Instant.now().plusSeconds(1));
        Instant begin = QueryInstants.parse("from", from, end.minus(Duration.ofDays(7)));
        return alerts.between(begin, end, limit).map(AlertsView::new);
    }
}
