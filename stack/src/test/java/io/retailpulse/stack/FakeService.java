package io.retailpulse.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a packaged service in the launcher's tests: a JVM that listens where Quarkus would
 * ({@code QUARKUS_HTTP_HOST}, 0.0.0.0 when unset as in Quarkus' prod mode, and {@code QUARKUS_HTTP_PORT}) and answers
 * {@code /q/health/ready} like SmallRye Health. While a file {@code health-down} exists in its working directory
 * (the module directory, as for the real services) it answers 503 with a DOWN messaging check, as forecasting
 * did with its dead channels; while a file {@code live-down} exists, {@code /q/health/live} answers 503 the same
 * way. JDK only: {@link LocalStackUpIT} packs this class alone into a {@code quarkus-run.jar}.
 */
public final class FakeService {
    private FakeService() {}

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("QUARKUS_HTTP_HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        server.createContext("/q/health/ready", FakeService::ready);
        server.createContext("/q/health/live", FakeService::live);
        server.start();
        System.out.println("fake service on " + host + ":" + port);
    }

    private static boolean wasDown;

    /** Liveness: 503 with a failed channel while a file {@code live-down} exists (a channel that gave up), else UP. */
    private static void live(HttpExchange exchange) throws IOException {
        boolean down = Files.exists(Path.of("live-down"));
        String body = down
                ? "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"SmallRye Reactive Messaging - liveness check\","
                        + "\"status\":\"DOWN\",\"data\":{\"transactions\":\"[KO] - Retries exhausted\"}}]}"
                : "{\"status\":\"UP\",\"checks\":[]}";
        answer(exchange, down, body);
    }

    private static synchronized void ready(HttpExchange exchange) throws IOException {
        boolean down = Files.exists(Path.of("health-down"));
        if (down && !wasDown) {
            System.out.println("WARN the cause: record 0 of retail.transactions-1 has waited 64 s to be acknowledged");
        }
        wasDown = down;
        if (down) {
            // What SmallRye Health logs on every DOWN answer: the launcher's probing makes many of these.
            System.out.println("INFO [io.sm.health] SRHCK01001: Reporting health down status: {\"status\":\"DOWN\"}");
        }
        String body = down
                ? "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"Database connections health check\","
                        + "\"status\":\"UP\",\"data\":{\"<default>\":\"UP\"}},"
                        + "{\"name\":\"SmallRye Reactive Messaging - readiness check\","
                        + "\"status\":\"DOWN\",\"data\":{\"sales-history\":\"[OK]\",\"transactions\":\"[KO] - "
                        + "TooManyMessagesWithoutAckException\"}}]}"
                : "{\"status\":\"UP\",\"checks\":[]}";
        answer(exchange, down, body);
    }

    /** As SmallRye Health answers: 503 when a check is DOWN, 200 otherwise, the checks as JSON. */
    private static void answer(HttpExchange exchange, boolean down, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(down ? 503 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
