package io.retailpulse.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks a Quarkus service whether it is ready ({@code GET /q/health/ready} answering 200), and if not, why. */
public final class HealthCheck {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long check data (a stack trace in a message) is cut here: the log file has the rest. */
    private static final int MAX_DETAIL = 300;

    private HealthCheck() {}

    /**
     * What {@code /q/health/ready} said: the HTTP status (-1 if nothing answered in time) and, when not ready, the
     * checks that are DOWN with their data, e.g. {@code SmallRye Reactive Messaging - readiness check DOWN
     * (transactions-in: [KO] - TooManyMessagesWithoutAckException ...)}.
     */
    public record Readiness(int status, List<String> downChecks) {
        public boolean ready() {
            return status == 200;
        }

        /** One line for a person: "ready", "not answering", or the HTTP status and the checks that are DOWN. */
        public String describe() {
            if (ready()) {
                return "ready";
            }
            if (status < 0) {
                return "not answering on /q/health/ready";
            }
            return "not ready (/q/health/ready answered HTTP " + status + ")"
                    + (downChecks.isEmpty() ? "" : ": " + String.join("; ", downChecks));
        }
    }

    /** Probes {@code /q/health/ready}; answers within about 4 s even when the service hangs. */
    public static Readiness probe(URI service) {
        return probe(service, "/q/health/ready");
    }

    /**
     * Probes {@code /q/health/live} the same way: HTTP 503 means a check is DOWN (e.g. a Kafka channel that failed
     * for good), which is when Kubernetes restarts the container; -1 means nothing answered (yet).
     */
    public static Readiness probeLiveness(URI service) {
        return probe(service, "/q/health/live");
    }

    private static Readiness probe(URI service, String path) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(path))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Readiness(
                    response.statusCode(), response.statusCode() == 200 ? List.of() : downChecks(response.body()));
        } catch (IOException e) {
            return new Readiness(-1, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness(-1, List.of());
        }
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 if nothing answers. */
    public static int readiness(URI service) {
        return probe(service).status();
    }

    public static boolean ready(URI service) {
        return probe(service).ready();
    }

    /**
     * Probes every service (name to base URI) until all are ready or {@code grace} has passed (a GC pause or a
     * reconnect is no failure), then fails with one message naming each service that is still not ready, the
     * checks that are DOWN and where its log is ({@code logs}: name to a path as the user should see it).
     */
    public static void requireAllReady(Map<String, URI> services, Map<String, String> logs, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        Map<String, Readiness> notReady = new LinkedHashMap<>();
        while (true) {
            notReady.clear();
            services.forEach((name, uri) -> {
                Readiness readiness = probe(uri);
                if (!readiness.ready()) {
                    notReady.put(name, readiness);
                }
            });
            if (notReady.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> problems = new ArrayList<>();
        notReady.forEach((name, readiness) -> problems.add(name + " (" + services.get(name) + ") is "
                + readiness.describe() + (logs.containsKey(name) ? ", see " + logs.get(name) : "")));
        throw new StackException(
                problems.size() == 1
                        ? problems.get(0)
                        : problems.size() + " services are not ready:\n  " + String.join("\n  ", problems));
    }

    /** The DOWN checks of a SmallRye Health answer, each with its data; the raw start of the body if not JSON. */
    static List<String> downChecks(String body) {
        if (body == null || body.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return List.of(shorten(body.strip()));
        }
        List<String> down = new ArrayList<>();
        for (JsonNode check : root.path("checks")) {
            if ("UP".equals(check.path("status").asText())) {
                continue;
            }
            StringBuilder line = new StringBuilder("check '")
                    .append(check.path("name").asText("?"))
                    .append("' ")
                    .append(check.path("status").asText("DOWN"));
            JsonNode data = check.path("data");
            if (data.isObject() && !data.isEmpty()) {
                List<String> entries = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String value = entry.getValue().isValueNode()
                            ? entry.getValue().asText()
                            : entry.getValue().toString();
                    // SmallRye Reactive Messaging lists every channel: only the failed ones ([KO]) explain.
                    if (!value.startsWith("[OK]")) {
                        entries.add(entry.getKey() + ": " + shorten(value));
                    }
                }
                if (!entries.isEmpty()) {
                    line.append(" (").append(String.join(", ", entries)).append(')');
                }
            }
            down.add(line.toString());
        }
        return down;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + " ...";
    }
}
