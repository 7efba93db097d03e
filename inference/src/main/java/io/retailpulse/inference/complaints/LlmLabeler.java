package io.retailpulse.inference.complaints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Asks an OpenAI-compatible {@code /chat/completions} endpoint (the same kind of endpoint and keys as ingest's post
 * generator, {@code pulse.inference.labels.llm.*}) for a short label of one topic from its key phrases and
 * representative posts. Every failure (disabled, unreachable, timeout, non-200, an answer that is no short label)
 * is an empty result: the caller keeps the offline label. Blocking: the weekly run's own thread calls it.
 */
@ApplicationScoped
public class LlmLabeler {
    private static final Logger LOG = Logger.getLogger(LlmLabeler.class);
    /** A label: 1–3 words (as the offline labels), letters in it, no longer than a topic column wants to show. */
    private static final Pattern LABEL = Pattern.compile("[\\p{L}][\\p{L}\\p{N} '&/+-]{0,58}[\\p{L}\\p{N}]|[\\p{L}]");

    private static final int MAX_WORDS = 3;

    private final LabelConfig.Llm config;
    private final ObjectMapper json;
    private final HttpClient http;

    public LlmLabeler(LabelConfig config, ObjectMapper json) {
        this.config = config.llm();
        this.json = json;
        this.http =
                HttpClient.newBuilder().connectTimeout(config.llm().timeout()).build();
    }

    public boolean enabled() {
        return config.enabled();
    }

    public int maxTopics() {
        return config.maxTopics();
    }

    /** A label for the topic with these key phrases and posts, or empty (then the offline label stands). */
    public Optional<String> label(List<String> keywords, List<String> representatives) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(config.baseUrl().replaceAll("/+$", "") + "/chat/completions"))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(keywords, representatives), StandardCharsets.UTF_8));
        config.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> request.header("Authorization", "Bearer " + k));
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            try {
                HttpResponse<String> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() == 200) {
                    Optional<String> label = parse(response.body());
                    if (label.isEmpty()) {
                        LOG.warnf("LLM label not usable, offline label kept: %.200s", response.body());
                    }
                    return label;
                }
                if (response.statusCode() != 429 && response.statusCode() < 500) {
                    LOG.warnf("LLM endpoint answered HTTP %d, offline label kept", response.statusCode());
                    return Optional.empty();
                }
                LOG.infof("LLM endpoint answered HTTP %d (attempt %d)", response.statusCode(), attempt + 1);
            } catch (IOException e) {
                // HttpTimeoutException is an IOException: a slow endpoint is retried like an unreachable one
                LOG.infof("LLM endpoint %s: %s (attempt %d)", config.baseUrl(), e.toString(), attempt + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        LOG.warnf("LLM endpoint gave up after %d attempt(s), offline label kept", config.maxRetries() + 1);
        return Optional.empty();
    }

    String body(List<String> keywords, List<String> representatives) {
        StringBuilder prompt = new StringBuilder("Customers of a grocery chain wrote the posts below; they form one "
                        + "complaint topic. Name the topic in 1 to 3 words a store manager can act on (for example: out of "
                        + "stock, expired products, self-checkout broken), never a store, place, person or brand "
                        + "name. Answer with the label only.\nKey phrases: ")
                .append(String.join("; ", keywords))
                .append("\nPosts:\n");
        representatives.stream()
                .limit(5)
                .forEach(r -> prompt.append("- ")
                        .append(r, 0, Math.min(300, r.length()))
                        .append('\n'));
        ObjectNode root = json.createObjectNode();
        root.put("model", config.model());
        root.put("temperature", config.temperature());
        root.put("max_tokens", 20);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You name topics. Reply with a short label only.");
        messages.addObject().put("role", "user").put("content", prompt.toString());
        return root.toString();
    }

    /** {@code choices[0].message.content}, first line, quotes and a final full stop removed, if it is a short label. */
    Optional<String> parse(String body) {
        try {
            String content = json.readTree(body)
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asText("");
            String line = content.strip()
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip()
                    .replaceAll("^(?i)label:\\s*", "")
                    .replaceAll("^[\"'`*]+|[\"'`*.]+$", "")
                    .strip()
                    .toLowerCase(java.util.Locale.ROOT);
            if (!LABEL.matcher(line).matches() || line.split("\\s+").length > MAX_WORDS) {
                return Optional.empty();
            }
            return Optional.of(line);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
