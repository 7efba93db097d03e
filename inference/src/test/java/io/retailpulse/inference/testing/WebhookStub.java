package io.retailpulse.inference.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local JDK HTTP server receiving alert webhooks. It answers 503 to the first request (to exercise the retry),
 * then 200. {@code GET} on the same path lists what it received (one line per request: signature, tab, base64
 * body), so the test reads it over HTTP whatever class loader it runs in.
 */
public class WebhookStub implements QuarkusTestResourceLifecycleManager {
    public static final String SECRET = "webhook-test-secret";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        Queue<String> requests = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                byte[] list = String.join("\n", requests).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, list.length == 0 ? -1 : list.length);
                exchange.getResponseBody().write(list);
                exchange.close();
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestHeaders().getFirst("X-Pulse-Signature") + "\t"
                    + Base64.getEncoder().encodeToString(body));
            int status = calls.incrementAndGet() == 1 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return Map.of(
                "pulse.inference.alerts.webhook.url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                "pulse.inference.alerts.webhook.secret",
                SECRET,
                "pulse.inference.alerts.webhook.backoff",
                "PT0.1S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Every request received so far by the stub at {@code url}: {signature, body}. */
    public static java.util.List<String[]> requests(String url) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body()
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> {
                    String[] parts = l.split("\t", 2);
                    return new String[] {
                        parts[0], new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    };
                })
                .toList();
    }
}
