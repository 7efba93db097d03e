package io.retailpulse.ingest.connectors;

import io.retailpulse.common.api.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Start, stop and watch the social stream connectors (X filtered stream, Mastodon hashtags). */
@Path("/api/v1/connectors")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorResource {
    private final ConnectorRegistry registry;

    public ConnectorResource(ConnectorRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "Every connector: configured or not, state, streams, counters, last error")
    public Map<String, Object> list() {
        List<ConnectorStatus> items = registry.statuses();
        return Map.of("items", items);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One connector's status")
    public ConnectorStatus get(@PathParam("name") String name) {
        return registry.status(name).orElseThrow(() -> unknown(name));
    }

    @POST
    @Path("/{name}/start")
    @Blocking // waits for the runner's event loop to take the order
    @Operation(summary = "Start a configured connector (nothing if it runs)")
    public ConnectorStatus start(@PathParam("name") String name) {
        try {
            return registry.start(name).orElseThrow(() -> unknown(name));
        } catch (IllegalStateException e) {
            throw new ProblemException(409, "Conflict", e.getMessage(), null);
        }
    }

    @POST
    @Path("/{name}/stop")
    @Blocking
    @Operation(summary = "Stop a connector: its streams close; posts already read are still handed on")
    public ConnectorStatus stop(@PathParam("name") String name) {
        return registry.stop(name).orElseThrow(() -> unknown(name));
    }

    private ProblemException unknown(String name) {
        return new ProblemException(
                404,
                "Not Found",
                "No connector named '" + name + "'; known: "
                        + String.join(
                                ", ",
                                registry.statuses().stream()
                                        .map(ConnectorStatus::name)
                                        .toList()),
                null);
    }
}
