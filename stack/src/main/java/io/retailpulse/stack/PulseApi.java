package io.retailpulse.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The two HTTP calls the demo makes: upload transactions to ingest, read daily sales back from analytics-api. */
public final class PulseApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiKey;

    public PulseApi(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Ingest's answer to an upload. {@code rejectedLines} are 1-based CSV line numbers (the header is line 1). */
    public record IngestResult(long accepted, long rejected, Set<Long> rejectedLines, List<String> errors) {
    }

    /** {@code POST /api/v1/transactions} with a CSV body. */
    public IngestResult postTransactions(URI ingest, String csv) {
        HttpRequest request = HttpRequest.newBuilder(ingest.resolve("/api/v1/transactions"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8))
                .build();
        JsonNode body = send(request, "ingest");
        Set<Long> lines = new HashSet<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            lines.add(error.path("line").asLong());
            errors.add("line " + error.path("line").asLong() + ": " + error.path("reason").asText());
        }
        return new IngestResult(body.path("accepted").asLong(), body.path("rejected").asLong(), lines, errors);
    }

    /** Sum of {@code units} over the demo's store-product pairs and days, following the cursor through all pages. */
    public long demoUnits(URI analytics, DemoData data) {
        long units = 0;
        String cursor = null;
        do {
            String query = "/api/v1/sales/daily?limit=1000&from=" + data.from() + "&to=" + data.to()
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(analytics.resolve(query))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + apiKey)
                    .GET().build();
            JsonNode page = send(request, "analytics-api");
            for (JsonNode item : page.path("items")) {
                if (data.covers(item.path("store").asText(), item.path("product").asText())) {
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
                throw new StackException(service + " answered " + response.statusCode() + " to "
                        + request.method() + " " + request.uri() + ": " + abbreviate(response.body()));
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
