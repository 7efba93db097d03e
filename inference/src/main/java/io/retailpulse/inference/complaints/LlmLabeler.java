package io.retailpulse.inference.complaints;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.llm.ChatCompletions;
import io.retailpulse.common.llm.ChatCompletions.Attempts;
import io.retailpulse.common.llm.ChatCompletions.Failure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Asks an OpenAI-compatible {@code /chat/completions} endpoint (the same kind of endpoint and keys as ingest's post
 * generator, {@code pulse.inference.labels.llm.*}) for a short label of one topic from its key phrases and
 * representative posts, through common's {@link ChatCompletions}. Every failure (disabled, unreachable, timeout,
 * non-200, an answer that is no short label) is an empty result: the caller keeps the offline label. Blocking: the
 * weekly run's own thread calls it.
 */
@ApplicationScoped
public class LlmLabeler {
    private static final Logger LOG = Logger.getLogger(LlmLabeler.class);
    /** A label: 1–3 words (as the offline labels), letters in it, no longer than a topic column wants to show. */
    private static final Pattern LABEL = Pattern.compile("[\\p{L}][\\p{L}\\p{N} '&/+-]{0,58}[\\p{L}\\p{N}]|[\\p{L}]");

    private static final int MAX_WORDS = 3;

    private final LabelConfig.Llm config;
    private final ChatCompletions chat;

    public LlmLabeler(LabelConfig config, ObjectMapper json) {
        this.config = config.llm();
        this.chat = new ChatCompletions(
                config.llm().baseUrl(), config.llm().apiKey(), config.llm().timeout(), json);
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
        // Retried at once (no back-off): the weekly run waits on it, and the offline label is always there.
        ChatCompletions.Reply reply = chat.call(
                body(keywords, representatives),
                config.timeout(),
                config.maxRetries(),
                Attempts.immediately(this::retrying));
        if (reply instanceof ChatCompletions.Answer answer) {
            Optional<String> label = parse(answer.body());
            if (label.isEmpty()) {
                LOG.warnf("LLM label not usable, offline label kept: %.200s", answer.body());
            }
            return label;
        }
        if (reply instanceof ChatCompletions.GaveUp gaveUp) {
            if (!gaveUp.last().retryable()) {
                LOG.warnf(
                        "LLM endpoint answered HTTP %d, offline label kept",
                        gaveUp.last().status());
            } else {
                LOG.warnf("LLM endpoint gave up after %d attempt(s), offline label kept", gaveUp.attempts());
            }
        }
        return Optional.empty();
    }

    /** Each failed attempt at info level; a final refusal is logged once by the caller. */
    private void retrying(int attempt, Failure failure) {
        if (!failure.reached()) {
            LOG.infof("LLM endpoint %s: %s (attempt %d)", config.baseUrl(), failure.error(), attempt + 1);
        } else if (failure.retryable()) {
            LOG.infof("LLM endpoint answered HTTP %d (attempt %d)", failure.status(), attempt + 1);
        }
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
        return chat.body(
                config.model(),
                config.temperature(),
                options -> options.put("max_tokens", 20),
                "You name topics. Reply with a short label only.",
                prompt.toString());
    }

    /** {@code choices[0].message.content}, first line, quotes and a final full stop removed, if it is a short label. */
    Optional<String> parse(String body) {
        try {
            String content = chat.content(body);
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
