package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every {@link Connector} bean, each with its {@link ConnectorRunner}. Runners are made at start-up (on the main
 * thread, so each gets an event-loop context of its own); configured connectors start then unless
 * {@code pulse.connectors.autostart=false}.
 */
@ApplicationScoped
public class ConnectorRegistry {
    private static final Logger LOG = Logger.getLogger(ConnectorRegistry.class);

    private final Map<String, ConnectorRunner> runners = new LinkedHashMap<>();
    private final Instance<Connector> connectors;
    private final Vertx vertx;
    private final ConnectorsConfig config;
    private final FeedbackSink sink;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private HttpClient client;

    public ConnectorRegistry(
            @Any Instance<Connector> connectors,
            Vertx vertx,
            ConnectorsConfig config,
            FeedbackSink sink,
            MeterRegistry registry,
            ObjectMapper json) {
        this.connectors = connectors;
        this.vertx = vertx;
        this.config = config;
        this.sink = sink;
        this.registry = registry;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        // No pooled keep-alive: each stream is one long response, and a reconnect must be a fresh connection.
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(false)
                .setMaxPoolSize(16));
        ConnectorHttp http = new ConnectorHttp(client, json);
        for (Connector connector : connectors) {
            runners.put(connector.name(), new ConnectorRunner(connector, vertx, client, http, config, sink, registry));
        }
        for (ConnectorRunner runner : runners.values()) {
            ConnectorStatus status = runner.status();
            if (!status.configured()) {
                LOG.infof(
                        "connector %s is off (not configured: %s)", runner.name(), String.join(", ", status.missing()));
            } else if (config.autostart()) {
                runner.start();
            } else {
                LOG.infof(
                        "connector %s is configured but not started (pulse.connectors.autostart=false)", runner.name());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (ConnectorRunner runner : runners.values()) {
            try {
                runner.stop().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("connector %s did not stop cleanly: %s", runner.name(), e);
            }
        }
        if (client != null) {
            client.close();
        }
    }

    public List<ConnectorStatus> statuses() {
        return runners.values().stream().map(ConnectorRunner::status).toList();
    }

    public Optional<ConnectorStatus> status(String name) {
        return Optional.ofNullable(runners.get(name)).map(ConnectorRunner::status);
    }

    /** Starts the named connector; {@link IllegalStateException} if it is not configured. */
    public Optional<ConnectorStatus> start(String name) {
        return act(name, true);
    }

    public Optional<ConnectorStatus> stop(String name) {
        return act(name, false);
    }

    private Optional<ConnectorStatus> act(String name, boolean start) {
        ConnectorRunner runner = runners.get(name);
        if (runner == null) {
            return Optional.empty();
        }
        try {
            (start ? runner.start() : runner.stop()).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("connector " + name + " did not answer: " + e, e);
        }
        return Optional.of(runner.status());
    }
}
