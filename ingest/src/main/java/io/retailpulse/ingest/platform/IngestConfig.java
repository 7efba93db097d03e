package io.retailpulse.ingest.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** {@code pulse.ingest.*}: how uploads are read and handed to Kafka. */
@ConfigMapping(prefix = "pulse.ingest")
public interface IngestConfig {
    /** Zone of timestamps written without an offset (the calendar day stays as written). */
    @WithDefault("UTC")
    ZoneId defaultZone();

    /**
     * Rows per window: each window is claimed in MySQL, published in one Kafka transaction and confirmed
     * before the next is read; bounds memory per upload.
     */
    @WithDefault("10000")
    int publishWindow();

    /** Sales history rows sent before waiting for the broker's acknowledgements (at-least-once path). */
    @WithDefault("20000")
    int historyWindow();

    /** Most feedback items in one request. */
    @WithDefault("1000")
    int feedbackMaxItems();

    /** Bound of each MySQL call and of the broker's acknowledgements on the at-least-once path (sales history). */
    @WithDefault("60s")
    Duration ackTimeout();

    /**
     * Bound of a MySQL read or claim made before anything is handed to Kafka (catalog checks, ledger claims,
     * recovery's look-up): a frozen or unreachable database answers 503 within this instead of hanging.
     */
    @WithDefault("5s")
    Duration dbTimeout();

    /**
     * Bound of one Kafka call on the exactly-once path (producer {@code max.block.ms}, a transaction's commit,
     * the marker lookup, topic creation). A call that runs out means the broker is unreachable: the window goes
     * to the spool (or the upload is a 503) at once, so an upload is answered within seconds however long the
     * outage lasts. Too short only spools windows a slow broker would have taken; nothing is lost.
     */
    @WithDefault("5s")
    Duration kafkaTimeout();

    /** Row errors listed in a response; all of them still go to the dead-letter topic. */
    @WithDefault("1000")
    int maxReportedErrors();

    /**
     * Kafka {@code transactional.id} of this instance. Must be stable across restarts (so a restart fences and
     * aborts what a crashed run left open) and unique per running instance.
     */
    @WithDefault("ingest-1")
    String producerId();

    /** Unknown store and product ids in transactions are row errors instead of being registered. */
    @WithDefault("false")
    boolean strictCatalog();

    /** Retries of a failed Kafka window before the upload is answered 503. */
    @WithDefault("3")
    int publishRetries();

    /** First back-off between retries (doubled each time, with jitter). */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** The bounded durable buffer for transaction windows Kafka could not take. */
    SpoolConfig spool();

    interface SpoolConfig {
        /** Directory of the spool files (one per window). */
        @WithDefault("ingest-spool")
        String dir();

        /** Most bytes spooled; beyond, uploads are answered 503 + Retry-After. 0 turns the spool off. */
        @WithDefault("268435456")
        long maxBytes();

        /** How often the spool is drained to Kafka. */
        @WithDefault("5s")
        Duration drainInterval();
    }

    /** The post generator's LLM mode: any OpenAI-compatible chat-completions endpoint (Groq, Ollama, vLLM). */
    Llm llm();

    interface Llm {
        /** Base URL including the version, e.g. https://api.groq.com/openai/v1 or http://127.0.0.1:11434/v1. */
        @WithDefault("http://127.0.0.1:11434/v1")
        String baseUrl();

        /** Model name as the endpoint knows it. */
        @WithDefault("llama3.1:8b")
        String model();

        /** Bearer key (env PULSE_INGEST_LLM_API_KEY); none for local servers. */
        Optional<String> apiKey();

        /** Posts asked for in one request. */
        @WithDefault("10")
        int batchSize();

        /** Retries of one request on 429, 5xx or network errors before that batch falls back to offline. */
        @WithDefault("3")
        int maxRetries();

        /** First back-off when the endpoint gives no Retry-After (doubled per retry). */
        @WithDefault("1s")
        Duration backoff();

        /** Longest wait honoured from a Retry-After header; a longer one falls back at once. */
        @WithDefault("30s")
        Duration maxRetryAfter();

        /** Timeout of one request. */
        @WithDefault("60s")
        Duration timeout();

        @WithDefault("0.9")
        double temperature();
    }
}
