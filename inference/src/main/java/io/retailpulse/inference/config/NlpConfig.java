package io.retailpulse.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sentiment and entities ({@code pulse.inference.nlp.*}): the pulse-text model, input limits, the scoring
 * consumer, the catalog gazetteer, drift and retraining. Every key and default is listed in inference/README.md.
 */
@ConfigMapping(prefix = "pulse.inference.nlp")
public interface NlpConfig {
    /**
     * ONNX Runtime intra-op threads of one pass of the pulse-text model. With {@link #concurrentPasses()} passes at
     * once, threads × passes should be the cores the service may use (measured: inference/README.md, Throughput).
     */
    @WithDefault("1")
    int threads();

    /**
     * Encoder passes that run at once on the one pulse-text session: the inference workers, and how many merged
     * calls the micro-batcher dispatches together (a request is cut into one part per pass). Measured against one
     * pass of 2 threads with {@code inference/bench/run.sh NlpBench}, {@code ThreadSweep} and {@code PassesBench}.
     */
    @WithDefault("2")
    int concurrentPasses();

    /**
     * Whether idle ONNX Runtime intra-op threads spin-wait for work (ONNX Runtime's default) instead of sleeping.
     * Off: on shared cores (and under a Kubernetes CPU limit) spinning burns the CPU other passes need; measured with
     * {@code inference/bench/run.sh NlpBench} (inference/README.md, Throughput).
     */
    @WithDefault("false")
    boolean spinning();

    /** Texts per encoder pass. */
    @WithDefault("32")
    int maxBatch();

    /** Encoder precision, {@code fp32} or {@code int8}; unset: the model's default (nlp's model.properties). */
    Optional<String> precision();

    /** Where DJL unpacks the tokenizer's native library (unless DJL_CACHE_DIR is set); default as the encoder's. */
    Optional<String> cacheDir();

    /**
     * Longest text scored (characters), by the API (400) and the consumer (dead letter). As long as the longest
     * feedback ingest accepts: at 5,000 a review of 5,001 to 10,000 characters was answered "accepted" by ingest
     * and then dead-lettered here, never scored. The model reads the first {@code max-tokens} tokens of any text.
     */
    @WithDefault("10000")
    int maxTextLength();

    /** Most texts in one {@code /batch} request. */
    @WithDefault("64")
    int maxBatchTexts();

    /** Micro-batching of texts across REST requests and consumed polls ({@code scoring.ScoringBatcher}). */
    Batching batching();

    Scoring scoring();

    Catalog catalog();

    Drift drift();

    Retrain retrain();

    interface Batching {
        /** A merged model call starts as soon as this many texts wait (a larger single request runs whole). */
        @WithDefault("64")
        int maxTexts();

        /**
         * Longest wait for batch-mates after a text reaches an idle worker ({@code 0}: none). Under load the wait
         * is the running pass itself. Chosen with {@code inference/bench/run.sh NlpBench} (inference/README.md).
         */
        @WithDefault("PT0.005S")
        Duration maxWait();
    }

    interface Scoring {
        /** Feedback metadata keys that name the catalog product, first present wins. */
        @WithDefault("product_id,productId")
        List<String> productKeys();

        /** Feedback metadata keys that name the catalog store. */
        @WithDefault("store_id,storeId")
        List<String> storeKeys();

        /**
         * A failed batch (MySQL or Kafka down) is retried this many times with back-off (1 s to 30 s); negative
         * (the default): until it succeeds, so an outage delays records but never drops them or fails the channel.
         */
        @WithDefault("-1")
        int retries();

        /** A {@code feedback.raw} record larger than this (bytes) is dead-lettered unread. */
        @WithDefault("262144")
        int maxRecordBytes();
    }

    interface Catalog {
        /** Words of at least this many letters also match a catalog word one edit away. */
        @WithDefault("5")
        int fuzzyMinLength();

        /** Longest wait at start-up for the catalog to be read to its end before scoring begins. */
        @WithDefault("PT30S")
        Duration preloadTimeout();
    }

    interface Drift {
        /** Predictions in the reference: the first N the active model scored (when the card has no reference). */
        @WithDefault("1000")
        int referenceSize();

        /** Recent predictions compared with the reference. */
        @WithDefault("1000")
        int window();

        /** PSI at or above this is reported as drift. */
        @WithDefault("0.25")
        double threshold();
    }

    interface Retrain {
        /** Checks the triggers on this period ({@code off}: manual retraining only). */
        @WithDefault("15m")
        String every();

        /**
         * How often every replica checks the registry's ACTIVE version and swaps in a head another replica
         * retrained ({@code off}: only at start-up).
         */
        @WithDefault("30s")
        String followEvery();

        /** Count trigger: labels not used by any version yet. */
        @WithDefault("200")
        int minNewLabels();

        /** No retraining below this many labels in all. */
        @WithDefault("50")
        int minTotalLabels();

        /** Time trigger: since the last retrain (or the start). */
        @WithDefault("P7D")
        Duration interval();

        /** Confidence trigger: reference mean confidence minus recent mean confidence. */
        @WithDefault("0.1")
        double confidenceDrop();

        /** Drift trigger: label-mix or confidence PSI. */
        @WithDefault("0.25")
        double driftPsi();

        /** Confidence and drift triggers need this many recent predictions. */
        @WithDefault("200")
        int minRecent();

        /** Every label whose id modulo this is 0 is held out for evaluation (5: 20 %). */
        @WithDefault("5")
        int holdoutModulus();

        /** Fewer held-out labels than this: no evaluation possible, no new version. */
        @WithDefault("10")
        int minHoldout();

        /** A candidate is kept when its held-out macro recall is at least the current one's minus this. */
        @WithDefault("0.0")
        double tolerance();

        @WithDefault("300")
        int epochs();

        @WithDefault("0.01")
        double learningRate();

        /**
         * Pull towards the current head (squared distance), against forgetting and over-fitting a few hundred labels:
         * 1.0 beat the active head with 250, 500 and 1,000 labels, 0.001 lost 0.10 macro recall (RetrainBench).
         */
        @WithDefault("1.0")
        double l2();

        /** Most labels read per retrain (the newest). */
        @WithDefault("20000")
        int maxLabels();
    }
}
