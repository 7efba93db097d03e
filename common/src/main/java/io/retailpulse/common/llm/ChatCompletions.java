package io.retailpulse.common.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One OpenAI-compatible {@code /chat/completions} client: the request (model, temperature, a system and a user
 * message, bearer key when set), the attempts (429 and 5xx and an unreachable endpoint are retried up to
 * {@code maxRetries} times, anything else ends at once) and reading {@code choices[0].message.content}. CDI-free and
 * blocking: each service wraps it with its own configuration, log lines and fallback (ingest's post generator,
 * inference's topic labels) and calls it off the event loop. Hand-written on {@link HttpClient} rather than the
 * Quarkus REST client: the callers are plain blocking code on worker threads, and the retry decision depends on
 * the status and {@code Retry-After}, which a declared {@code @Retry} does not see.
 */
public final class ChatCompletions {
    private final String baseUrl;
    private final Optional<String> apiKey;
    private final ObjectMapper json;
    private final HttpClient http;

    public ChatCompletions(String baseUrl, Optional<String> apiKey, Duration connectTimeout, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey.filter(k -> !k.isBlank());
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** One failed attempt: an HTTP status other than 200, or no answer at all ({@code status} 0, {@code error} set). */
    public record Failure(int status, Optional<Duration> retryAfter, IOException error) {
        /** 429, 5xx and an unreachable (or too slow) endpoint may succeed later; other statuses will not. */
        public boolean retryable() {
            return status == 0 || status == 429 || status >= 500;
        }

        public boolean reached() {
            return status != 0;
        }

        /** {@code HTTP <status>} or {@code not reachable}. */
        public String why() {
            return reached() ? "HTTP " + status : "not reachable";
        }
    }

    /** What the caller does around the attempts: its log lines, and how long to wait before the next one. */
    public interface Attempts {
        /** Called for every failed attempt ({@code attempt} counts from 0), before deciding whether to retry. */
        default void failed(int attempt, Failure failure) {}

        /**
         * How long to wait before attempt {@code attempt + 1} after {@code failure} (retryable, retries left). May
         * throw to stop the call with the caller's own exception.
         */
        Duration before(int attempt, Failure failure);

        /** Retry at once, without waiting; {@code failed} sees every failed attempt. */
        static Attempts immediately(BiConsumer<Integer, Failure> failed) {
            return new Attempts() {
                @Override
                public void failed(int attempt, Failure failure) {
                    failed.accept(attempt, failure);
                }

                @Override
                public Duration before(int attempt, Failure failure) {
                    return Duration.ZERO;
                }
            };
        }
    }

    /** How a call ended. */
    public sealed interface Reply {}

    /** HTTP 200 with its body. */
    public record Answer(String body) implements Reply {}

    /** The last attempt's failure: not retryable, or no retries left ({@code attempts} made). */
    public record GaveUp(Failure last, int attempts) implements Reply {}

    /** The calling thread was interrupted (its interrupt flag is set again). */
    public record Interrupted() implements Reply {}

    /**
     * The request body: model, temperature, then what {@code options} adds (e.g. {@code max_tokens},
     * {@code response_format}), then the system and user messages.
     */
    public String body(String model, double temperature, Consumer<ObjectNode> options, String system, String user) {
        ObjectNode root = json.createObjectNode();
        root.put("model", model);
        root.put("temperature", temperature);
        options.accept(root);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        return root.toString();
    }

    /** Posts {@code body} (each attempt bounded by {@code timeout}) until 200, a final failure or an interrupt. */
    public Reply call(String body, Duration timeout, int maxRetries, Attempts attempts) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        for (int attempt = 0; ; attempt++) {
            Failure failure;
            try {
                HttpResponse<String> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() == 200) {
                    return new Answer(response.body());
                }
                failure = new Failure(response.statusCode(), retryAfter(response), null);
            } catch (IOException e) {
                // HttpTimeoutException is an IOException: a slow endpoint is retried like an unreachable one
                failure = new Failure(0, Optional.empty(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Interrupted();
            }
            attempts.failed(attempt, failure);
            if (!failure.retryable() || attempt >= maxRetries) {
                return new GaveUp(failure, attempt + 1);
            }
            Duration wait = attempts.before(attempt, failure);
            if (!wait.isZero() && !wait.isNegative()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Interrupted();
                }
            }
        }
    }

    /** {@code choices[0].message.content} of an answer's body ("" when absent). */
    public String content(String body) throws IOException {
        return json.readTree(body)
                .path("choices")
                .path(0)
                .path("message")
                .path("content")
                .asText("");
    }

    /** {@code Retry-After} in seconds (fractions allowed); empty for an HTTP date or none. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: the caller's own back-off
            }
        });
    }
}
