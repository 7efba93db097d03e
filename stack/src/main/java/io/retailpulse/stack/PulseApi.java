package io.retailpulse.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;

/** The services' REST calls the CLI makes (demo, import), with the API key; non-2xx answers become errors. */
public final class PulseApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String apiKey;

    public PulseApi(String apiKey) {
        this.apiKey = apiKey;
    }

    /** {@code POST} a JSON body; the answer's JSON, or a {@link StackException} with the service's problem. */
    public JsonNode postJson(URI service, String path, String json, String name) {
        return send(
                HttpRequest.newBuilder(service.resolve(path))
                        .timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                name);
    }

    /** {@code POST} a CSV file, streamed from disk (files of any size). */
    public JsonNode postCsv(URI service, String path, Path file, String name) throws java.io.FileNotFoundException {
        return send(
                HttpRequest.newBuilder(service.resolve(path))
                        .timeout(Duration.ofMinutes(30))
                        .header("Content-Type", "text/csv")
                        .header("Authorization", "Bearer " + apiKey)
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                name);
    }

    public JsonNode get(URI service, String path, String name) {
        return send(
                HttpRequest.newBuilder(service.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + apiKey)
                        .GET()
                        .build(),
                name);
    }

    /** Sum of {@code units} of these stores between two days, following the cursor through all pages. */
    public long units(URI analytics, Set<String> stores, LocalDate from, LocalDate to) {
        long units = 0;
        String cursor = null;
        do {
            String query = "/api/v1/sales/daily?limit=1000&from=" + from + "&to=" + to
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = get(analytics, query, "analytics-api");
            for (JsonNode item : page.path("items")) {
                if (stores.contains(item.path("store").asText())) {
                    units += item.path("units").asLong();
                }
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null && !cursor.isEmpty());
        return units;
    }

    private JsonNode send(HttpRequest request, String service) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StackException(service + " answered " + response.statusCode() + " to " + request.method()
                        + " " + request.uri() + ": " + abbreviate(response.body()));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StackException("cannot reach " + service + " at " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while calling " + service);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
