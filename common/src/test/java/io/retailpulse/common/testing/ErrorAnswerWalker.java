package io.retailpulse.common.testing;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks every route a service's OpenAPI document lists, and a few it does not, with requests that must fail:
 * no key, a wrong key, a method the route does not have, a media type it does not take, broken JSON, an
 * unknown path. Every answer of 400 or more must be {@code application/problem+json} with type, title,
 * status (the HTTP status) and detail. Returns what broke the rule, one line each, so a test shows them all.
 * The requests are all refused before any resource runs, so walking has no side effects.
 */
public final class ErrorAnswerWalker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final URI base;
    private final String key;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> violations = new ArrayList<>();
    private int requests;

    private ErrorAnswerWalker(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The violations found on the service at {@code base} (empty: every error answer was a problem). */
    public static Result walk(URI base, String key) throws IOException, InterruptedException {
        ErrorAnswerWalker walker = new ErrorAnswerWalker(base, key);
        walker.run();
        return new Result(walker.requests, List.copyOf(walker.violations));
    }

    public record Result(int requests, List<String> violations) {}

    private void run() throws IOException, InterruptedException {
        HttpResponse<String> spec =
                send(request("/q/openapi?format=json").header("X-API-Key", key).GET());
        if (spec.statusCode() != 200) {
            violations.add("GET /q/openapi answered " + spec.statusCode());
            return;
        }
        JsonNode paths = JSON.readTree(spec.body()).path("paths");
        int routes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> route = it.next();
            String path = route.getKey().replaceAll("\\{[^}]+}", "1");
            Set<String> methods = new java.util.HashSet<>();
            route.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            for (String method : METHODS) {
                if (!methods.contains(method)) {
                    if (path.startsWith("/api")) {
                        expect(
                                method + " " + path + " (method not offered)",
                                Set.of(405),
                                withBody(request(path).header("X-API-Key", key), method, "application/json", "{}"));
                    }
                    continue;
                }
                routes++;
                JsonNode operation = route.getValue().path(method.toLowerCase(Locale.ROOT));
                boolean hasBody = operation.has("requestBody");
                if (path.startsWith("/api")) {
                    expect(
                            method + " " + path + " (no key)",
                            Set.of(401, 429),
                            withBody(request(path), method, "application/json", "{}"));
                    expect(
                            method + " " + path + " (wrong key)",
                            Set.of(401, 429),
                            withBody(
                                    request(path).header("Authorization", "Bearer wrong-" + key),
                                    method,
                                    "application/json",
                                    "{}"));
                }
                if (hasBody) {
                    expect(
                            method + " " + path + " (unsupported media type)",
                            Set.of(415),
                            withBody(request(path).header("X-API-Key", key), method, "application/xml", "<a/>"));
                    if (operation.path("requestBody").path("content").has("application/json")) {
                        HttpResponse<String> broken = expect(
                                method + " " + path + " (broken JSON)",
                                Set.of(400),
                                withBody(
                                        request(path).header("X-API-Key", key),
                                        method,
                                        "application/json",
                                        "{\n  \"a\": [1, 2,,]\n}"));
                        if (broken != null
                                && broken.statusCode() == 400
                                && !broken.body().contains("line 2")) {
                            violations.add(method + " " + path + " (broken JSON): the detail does not say where: "
                                    + broken.body());
                        }
                        expect(
                                method + " " + path + " (JSON of the wrong type)",
                                Set.of(400, 422),
                                withBody(request(path).header("X-API-Key", key), method, "application/json", "[[]]"));
                        expect(
                                method + " " + path + " (UTF-16 JSON)",
                                Set.of(415),
                                withBody(
                                        request(path).header("X-API-Key", key),
                                        method,
                                        "application/json; charset=utf-16",
                                        "[[]]"));
                    }
                }
            }
        }
        if (routes == 0) {
            violations.add("the OpenAPI document lists no route");
        }
        expect("GET /no-such-page", Set.of(404), request("/no-such-page").GET());
        expect(
                "GET /api/v1/no-such-resource",
                Set.of(404),
                request("/api/v1/no-such-resource").header("X-API-Key", key).GET());
        expect(
                "GET /q/no-such-endpoint",
                Set.of(404),
                request("/q/no-such-endpoint").GET());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder withBody(
            HttpRequest.Builder builder, String method, String contentType, String body) {
        if (method.equals("GET") || method.equals("DELETE")) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.header("Content-Type", contentType)
                .method(
                        method,
                        HttpRequest.BodyPublishers.ofString(
                                body,
                                contentType.contains("utf-16")
                                        ? java.nio.charset.StandardCharsets.UTF_16
                                        : java.nio.charset.StandardCharsets.UTF_8));
    }

    private HttpResponse<String> expect(String what, Set<Integer> statuses, HttpRequest.Builder builder)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(builder);
        if (!statuses.contains(response.statusCode())) {
            violations.add(
                    what + ": expected " + statuses + ", got " + response.statusCode() + " " + cut(response.body()));
        }
        if (response.statusCode() >= 400) {
            String problem = problemViolation(response);
            if (problem != null) {
                violations.add(what + ": " + response.statusCode() + " " + problem);
            }
        }
        return response;
    }

    /** Null when the answer is a well-formed problem; otherwise what is wrong with it. */
    public static String problemViolation(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "Content-Type '" + type + "', body '" + cut(response.body()) + "'";
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return "body is not JSON: '" + cut(response.body()) + "'";
        }
        if (body == null
                || !body.path("type").isTextual()
                || !body.path("title").isTextual()
                || !body.path("detail").isTextual()
                || body.path("status").asInt() != response.statusCode()) {
            return "problem lacks type/title/detail or status " + response.statusCode() + ": " + cut(response.body());
        }
        if (body.path("detail")
                        .asText()
                        .matches(".*\\b(java|io\\.retailpulse|io\\.quarkus|io\\.vertx|com\\.fasterxml)\\..*")
                || body.path("detail").asText().contains("Exception")) {
            return "detail names internal classes: " + body.path("detail").asText();
        }
        return null;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        requests++;
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cut(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
