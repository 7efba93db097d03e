package io.retailpulse.ingest.demo.posts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.llm.ChatCompletions;
import io.retailpulse.common.llm.ChatCompletions.Attempts;
import io.retailpulse.common.llm.ChatCompletions.Failure;
import io.retailpulse.ingest.platform.Backoff;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Asks an OpenAI-compatible {@code /chat/completions} endpoint (common's {@link ChatCompletions}) for a batch of
 * posts as JSON. Retries 429 and 5xx with back-off (honouring {@code Retry-After}); any other failure, or running
 * out of retries, is an {@link LlmUnavailableException} so the caller can fall back to the offline generator.
 * Blocking.
 */
@ApplicationScoped
public class LlmPostClient {
    private static final Logger LOG = Logger.getLogger(LlmPostClient.class);

    private final IngestConfig.Llm config;
    private final ObjectMapper json;
    private final ChatCompletions chat;

    public LlmPostClient(IngestConfig config, ObjectMapper json) {
        this.config = config.llm();
        this.json = json;
        this.chat = new ChatCompletions(config.llm().baseUrl(), config.llm().apiKey(), Duration.ofSeconds(10), json);
    }

    public static class LlmUnavailableException extends RuntimeException {
        public LlmUnavailableException(String message) {
            super(message);
        }
    }

    public String model() {
        return config.model();
    }

    /**
     * Posts with the given sentiments, in order where the model kept it; each mentions one catalog product.
     * Posts the model got wrong (unknown sentiment, no text) are dropped, so the answer may be shorter.
     */
    public List<GeneratedPost> generate(List<String> sentiments, PostCatalog catalog) {
        // Doubling from llm.backoff, without jitter; a Retry-After from the endpoint takes its place.
        Backoff backoff = new Backoff(config.backoff(), Duration.ofMillis(Long.MAX_VALUE), 0);
        ChatCompletions.Reply reply =
                chat.call(requestBody(sentiments, catalog), config.timeout(), config.maxRetries(), new Attempts() {
                    @Override
                    public void failed(int attempt, Failure failure) {
                        if (failure.error() != null) {
                            LOG.warnf("LLM endpoint %s not reachable: %s", config.baseUrl(), failure.error());
                        }
                    }

                    @Override
                    public Duration before(int attempt, Failure failure) {
                        Duration wait = failure.retryAfter().orElse(backoff.after(attempt));
                        if (wait.compareTo(config.maxRetryAfter()) > 0) {
                            throw new LlmUnavailableException("LLM endpoint asks to wait " + wait.toSeconds() + " s");
                        }
                        LOG.infof("LLM endpoint %s; retrying in %d ms", failure.why(), wait.toMillis());
                        return wait;
                    }
                });
        if (reply instanceof ChatCompletions.Answer answer) {
            return parse(answer.body(), catalog);
        }
        if (reply instanceof ChatCompletions.GaveUp gaveUp) {
            throw new LlmUnavailableException("LLM endpoint gave up after " + gaveUp.attempts() + " attempt(s): "
                    + gaveUp.last().why());
        }
        throw new LlmUnavailableException("interrupted");
    }

    private String requestBody(List<String> sentiments, PostCatalog catalog) {
        StringBuilder prompt = new StringBuilder("Write ")
                .append(sentiments.size())
                .append(" short, realistic social media posts by grocery shoppers, one per sentiment in this order: ")
                .append(String.join(", ", sentiments))
                .append(". Vary style: slang, abbreviations, emoji, hashtags, sometimes a URL. Each post mentions "
                        + "exactly one product from the product list by its name, and often one store from the "
                        + "store list by its name.\nProducts: ");
        catalog.products().stream()
                .limit(40)
                .forEach(p -> prompt.append(p.name()).append("; "));
        prompt.append("\nStores: ");
        catalog.stores().stream().limit(20).forEach(s -> prompt.append(s.name()).append("; "));
        prompt.append(
                "\nAnswer with JSON only: {\"posts\":[{\"text\":\"...\",\"sentiment\":\"positive|neutral|negative\","
                        + "\"product\":\"<product name>\",\"store\":\"<store name or empty>\"}]}");
        return chat.body(
                config.model(),
                config.temperature(),
                options -> options.putObject("response_format").put("type", "json_object"),
                "You write synthetic test data. Reply with JSON only.",
                prompt.toString());
    }

    /** Reads {@code choices[0].message.content} and the posts JSON inside it (code fences tolerated). */
    List<GeneratedPost> parse(String body, PostCatalog catalog) {
        try {
            String content = chat.content(body);
            int from = content.indexOf('{');
            int to = content.lastIndexOf('}');
            if (from < 0 || to < from) {
                throw new LlmUnavailableException("the model's answer holds no JSON object");
            }
            JsonNode posts = json.readTree(content.substring(from, to + 1)).path("posts");
            List<GeneratedPost> result = new ArrayList<>();
            for (JsonNode post : posts) {
                String text = post.path("text").asText("").trim();
                String sentiment = post.path("sentiment").asText("").toLowerCase(Locale.ROOT);
                if (text.isEmpty()
                        || !List.of(GeneratedPost.POSITIVE, GeneratedPost.NEUTRAL, GeneratedPost.NEGATIVE)
                                .contains(sentiment)) {
                    continue;
                }
                PostCatalog.Entry product =
                        find(catalog.products(), post.path("product").asText(""));
                PostCatalog.Entry store =
                        find(catalog.stores(), post.path("store").asText(""));
                result.add(new GeneratedPost(
                        text,
                        sentiment,
                        product == null ? null : product.id(),
                        product == null ? null : product.name(),
                        store == null ? null : store.id(),
                        store == null ? null : store.name(),
                        "llm"));
            }
            return result;
        } catch (IOException e) {
            throw new LlmUnavailableException("the model's answer is not valid JSON: " + e.getMessage());
        }
    }

    private static PostCatalog.Entry find(List<PostCatalog.Entry> entries, String name) {
        return entries.stream()
                .filter(e -> e.name().equalsIgnoreCase(name.trim()))
                .findFirst()
                .orElse(null);
    }
}
