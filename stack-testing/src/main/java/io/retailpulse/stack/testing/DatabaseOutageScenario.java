package io.retailpulse.stack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The database-outage scenario every service's IT runs through a {@link DatabaseEdgeTestResource}: with the
 * database frozen, then cut, one representative endpoint answers 503 + {@code Retry-After} + a plain
 * problem+json detail within {@link #ANSWER_BOUND}, readiness answers DOWN and liveness answers within
 * {@link #PROBE_BOUND}; after each fault the endpoint and readiness recover by themselves. Every wait is bounded.
 */
public final class DatabaseOutageScenario {
    private static final Logger LOG = Logger.getLogger(DatabaseOutageScenario.class);
    /** pulse.database.timeout (5 s) plus slack for a contended 2-core machine. */
    public static final Duration ANSWER_BOUND = Duration.ofSeconds(9);
    /** pulse.database.probe-timeout (2 s) plus slack. */
    public static final Duration PROBE_BOUND = Duration.ofSeconds(3);

    public static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
    /** A qualified Java class name (org.example.Foo) or an exception's simple name. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z]\\w*|\\w+(?:Exception|Error)\\b");

    /** One call of the endpoint under test; a supplier so that every call can carry fresh data. */
    public record Call(String method, String path, String contentType, String body) {
        public static Call get(String path) {
            return new Call("GET", path, null, null);
        }

        public static Call postJson(String path, String body) {
            return new Call("POST", path, "application/json", body);
        }
    }

    /** What was measured, for the log and the reliability notes. */
    public record Figures(List<String> lines) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;
    private final List<String> figures = new ArrayList<>();

    public DatabaseOutageScenario(int port, String apiKey) {
        this.base = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
    }

    /** Runs freeze → restore → cut → restore; {@code ok} is the endpoint's status when the database is there. */
    public Figures run(String service, Supplier<Call> call, int ok) {
        awaitStatus(call, ok, RECOVERY_BOUND, "before any fault");
        awaitProbe("/q/health/ready", 200, RECOVERY_BOUND);

        DatabaseEdgeTestResource.freeze();
        try {
            unavailableWhileDown(service, "frozen", call);
        } finally {
            DatabaseEdgeTestResource.restore();
        }
        recovers(service, "frozen", call, ok);

        DatabaseEdgeTestResource.cut();
        try {
            unavailableWhileDown(service, "cut", call);
        } finally {
            DatabaseEdgeTestResource.restore();
        }
        recovers(service, "cut", call, ok);
        figures.forEach(line -> LOG.infof("%s: %s", service, line));
        return new Figures(List.copyOf(figures));
    }

    private void unavailableWhileDown(String service, String fault, Supplier<Call> call) {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = send(call.get());
        Duration took = since(t0);
        check(
                took.compareTo(ANSWER_BOUND) <= 0,
                service + " answered only after " + took + " with the database " + fault + " (bound " + ANSWER_BOUND
                        + ")");
        check(
                answer.statusCode() == 503,
                "database " + fault + ": expected 503, got " + answer.statusCode() + " " + answer.body());
        String retryAfter = answer.headers().firstValue("Retry-After").orElse("");
        check(retryAfter.matches("[1-9][0-9]*"), "database " + fault + ": Retry-After is '" + retryAfter + "'");
        String type = answer.headers().firstValue("Content-Type").orElse("");
        check(type.startsWith("application/problem+json"), "database " + fault + ": content type " + type);
        check(
                answer.body().contains("\"status\":503") && answer.body().contains("\"detail\""),
                "database " + fault + ": not a problem: " + answer.body());
        check(
                !CLASS_NAME.matcher(answer.body()).find(),
                "database " + fault + ": the detail names an internal " + "class: " + answer.body());
        figures.add(String.format(
                "database %s: endpoint 503 in %d ms (Retry-After %s)", fault, took.toMillis(), retryAfter));

        for (int i = 0; i < 2; i++) { // twice: a probe must not depend on the previous one finishing
            t0 = System.nanoTime();
            HttpResponse<String> ready = send(new Call("GET", "/q/health/ready", null, null));
            took = since(t0);
            check(took.compareTo(PROBE_BOUND) <= 0, "readiness answered after " + took + " with the database " + fault);
            check(
                    ready.statusCode() == 503 && ready.body().contains("DOWN"),
                    "database " + fault + ": readiness " + ready.statusCode() + " " + ready.body());
            figures.add(String.format("database %s: readiness DOWN in %d ms", fault, took.toMillis()));
        }
        t0 = System.nanoTime();
        HttpResponse<String> live = send(new Call("GET", "/q/health/live", null, null));
        took = since(t0);
        check(took.compareTo(PROBE_BOUND) <= 0, "liveness answered after " + took + " with the database " + fault);
        check(
                live.statusCode() == 200,
                "database " + fault + ": a database outage is no reason to restart: " + "liveness " + live.statusCode()
                        + " " + live.body());
        figures.add(String.format("database %s: liveness UP in %d ms", fault, took.toMillis()));
    }

    private void recovers(String service, String fault, Supplier<Call> call, int ok) {
        long t0 = System.nanoTime();
        awaitStatus(call, ok, RECOVERY_BOUND, "after the database was " + fault);
        awaitProbe("/q/health/ready", 200, RECOVERY_BOUND);
        figures.add(String.format(
                "database back after %s: endpoint %d and readiness UP in %d ms",
                fault, ok, since(t0).toMillis()));
    }

    private void awaitStatus(Supplier<Call> call, int status, Duration within, String when) {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = send(call.get());
            if (last.statusCode() == status) {
                return;
            }
            sleep(500);
        }
        throw new AssertionError("no " + status + " within " + within + " " + when + "; last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private void awaitProbe(String path, int status, Duration within) {
        awaitStatus(() -> new Call("GET", path, null, null), status, within, "from " + path);
    }

    public HttpResponse<String> send(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        request.method(
                call.method(),
                call.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(call.method() + " " + call.path() + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
