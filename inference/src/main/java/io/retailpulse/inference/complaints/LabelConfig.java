package io.retailpulse.inference.complaints;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Topic labels of the weekly run ({@code pulse.inference.labels.*}): stability and the optional LLM label. */
@ConfigMapping(prefix = "pulse.inference.labels")
public interface LabelConfig {
    /** Top keywords compared between a topic's previous and current run (see {@link #stableOverlap()}). */
    @WithDefault("5")
    int stableTop();

    /**
     * A topic that kept its id keeps its label while at least this share of the content words of its top
     * {@link #stableTop()} keywords (the smaller list's) are still among them; below it, its content changed and it
     * is labelled again.
     */
    @WithDefault("0.5")
    double stableOverlap();

    Llm llm();

    /** An LLM label through any OpenAI-compatible chat-completions endpoint; the offline label on any failure. */
    interface Llm {
        /** Off by default: labels are the offline key phrases. */
        @WithDefault("false")
        boolean enabled();

        /** Base URL including the version, e.g. https://api.groq.com/openai/v1 or http://127.0.0.1:11434/v1. */
        @WithDefault("http://127.0.0.1:11434/v1")
        String baseUrl();

        @WithDefault("llama3.1:8b")
        String model();

        /** Bearer key (env PULSE_INFERENCE_LABELS_LLM_API_KEY); none for local servers. */
        Optional<String> apiKey();

        /** Timeout of one request; the offline label is used when it passes. */
        @WithDefault("10s")
        Duration timeout();

        /** Retries of one topic's request on 429, 5xx or network errors (no back-off beyond the timeout). */
        @WithDefault("1")
        int maxRetries();

        /** Topics labelled by the LLM per run, largest first (the rest, and unchanged topics, need no call). */
        @WithDefault("20")
        int maxTopics();

        @WithDefault("0.2")
        double temperature();
    }
}
