package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    private static final String FORECASTING_DOWN = """
            {"status":"DOWN","checks":[
              {"name":"Reactive MySQL connections health check","status":"UP","data":{"<default>":"UP"}},
              {"name":"SmallRye Reactive Messaging - readiness check","status":"DOWN",
               "data":{"sales-history":"[KO]","transactions":"[KO]","transactions-dlq":"[OK]"}}]}""";

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void downChecksNameTheFailedCheckAndOnlyItsFailedChannels() {
        assertEquals(
                List.of("check 'SmallRye Reactive Messaging - readiness check' DOWN (sales-history: [KO], "
                        + "transactions: [KO])"),
                HealthCheck.downChecks(FORECASTING_DOWN));
        assertEquals(List.of("Service Unavailable"), HealthCheck.downChecks("Service Unavailable"));
        assertEquals(List.of(), HealthCheck.downChecks(""));
    }

    @Test
    void requireAllReadyNamesEveryServiceThatIsNotReadyWithItsCheckAndLog() {
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("ingest", serve(() -> 200, "{\"status\":\"UP\",\"checks\":[]}"));
        services.put("forecasting", serve(() -> 503, FORECASTING_DOWN));
        services.put("inference", URI.create("http://127.0.0.1:" + FreePorts.find()));

        StackException error = assertThrows(
                StackException.class,
                () -> HealthCheck.requireAllReady(
                        services,
                        Map.of("forecasting", ".pulse/logs/forecasting.log", "inference", ".pulse/logs/inference.log"),
                        Duration.ZERO));

        String message = error.getMessage();
        assertTrue(message.startsWith("2 services are not ready"), message);
        assertTrue(
                message.contains("forecasting (" + services.get("forecasting") + ") is not ready "
                        + "(/q/health/ready answered HTTP 503): check 'SmallRye Reactive Messaging - readiness check' DOWN "
                        + "(sales-history: [KO], transactions: [KO]), see .pulse/logs/forecasting.log"),
                message);
        assertTrue(
                message.contains("inference (" + services.get("inference")
                        + ") is not answering on /q/health/ready, see .pulse/logs/inference.log"),
                message);
        assertFalse(message.contains("ingest"), message);
    }

    @Test
    void oneServiceNotReadyIsReportedOnOneLine() {
        URI forecasting = serve(() -> 503, FORECASTING_DOWN);
        StackException error = assertThrows(
                StackException.class,
                () -> HealthCheck.requireAllReady(Map.of("forecasting", forecasting), Map.of(), Duration.ZERO));
        assertEquals(
                "forecasting (" + forecasting + ") is not ready (/q/health/ready answered HTTP 503): check "
                        + "'SmallRye Reactive Messaging - readiness check' DOWN (sales-history: [KO], transactions: [KO])",
                error.getMessage());
    }

    @Test
    void aServiceThatBecomesReadyWithinTheGraceIsNoFailure() {
        AtomicInteger calls = new AtomicInteger();
        URI flaky = serve(() -> calls.incrementAndGet() < 3 ? 503 : 200, "{\"status\":\"UP\",\"checks\":[]}");
        HealthCheck.requireAllReady(Map.of("analytics-api", flaky), Map.of(), Duration.ofSeconds(10));
        assertEquals(3, calls.get());
    }

    private URI serve(java.util.function.IntSupplier status, String body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/q/health/ready", exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.getAsInt(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            servers.add(server);
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
