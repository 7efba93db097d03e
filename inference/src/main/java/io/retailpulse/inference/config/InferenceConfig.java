package io.retailpulse.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Encoder, topics, the "unhappy" rule and alerts ({@code pulse.inference.*}); defaults are in inference/README.md. */
@ConfigMapping(prefix = "pulse.inference")
public interface InferenceConfig {
    Encoder encoder();

    Topics topics();

    Unhappy unhappy();

    Alerts alerts();

    interface Encoder {
        /** Classpath path of the ONNX encoder (the int8 all-MiniLM-L6-v2 from Maven Central by default). */
        @WithDefault("all-minilm-l6-v2-q.onnx")
        String modelResource();

        @WithDefault("all-minilm-l6-v2-q-tokenizer.json")
        String tokenizerResource();

        /** Longer texts are truncated. */
        @WithDefault("128")
        int maxTokens();

        /**
         * Texts per forward pass. 1 (each text alone, texts in parallel) makes a text's vector independent of its
         * batch neighbours, so the weekly run and real-time matching see the same vector for the same text.
         */
        @WithDefault("1")
        int batchSize();

        /** ONNX Runtime intra-op threads per pass (with batch size 1 the parallelism is across texts instead). */
        @WithDefault("1")
        int threads();

        /** Where DJL unpacks the tokenizer's native library (unless DJL_CACHE_DIR is set). */
        Optional<String> cacheDir();
    }

    interface Topics {
        /** Smallest topic (HDBSCAN min cluster size); the ad-hoc API takes its own per request. */
        @WithDefault("10")
        int minTopicSize();

        /** Topics cluster posts without their catalog names (products, stores, brands): themes, not products. */
        @WithDefault("true")
        boolean maskCatalogNames();

        /** HDBSCAN min samples. */
        @WithDefault("5")
        int minSamples();

        /** PCA components clustered (0: the full 384-dimensional embedding). */
        @WithDefault("32")
        int reducedDims();

        /** UMAP components laid out from the PCA components and clustered instead of them (0: cluster the PCA). */
        @WithDefault("0")
        int umapDims();

        /**
         * An outlier joins the topic of most of its 15 nearest clustered documents when its mean cosine similarity to
         * them is at least this (0: every outlier joins one).
         */
        @WithDefault("0.0")
        double outlierThreshold();

        /** A topic holding more than this share of the documents is split into its sub-topics when it has any. */
        @WithDefault("0.1")
        double maxTopicShare();

        /** Topics whose centroids reach this cosine similarity (corpus mean removed) are merged (above 1: never). */
        @WithDefault("0.7")
        double mergeSimilarity();

        /** Keywords kept per topic. */
        @WithDefault("10")
        int keywords();

        /** Most documents in one {@code POST /api/v1/topics/cluster}. */
        @WithDefault("10000")
        int maxDocuments();

        /** Longest text accepted by the ad-hoc API (characters). */
        @WithDefault("5000")
        int maxTextLength();

        /** Weekly run: documents from {@code now - window} to now. */
        @WithDefault("P7D")
        Duration window();

        /** Weekly run: sources taken (empty: all). */
        Optional<List<String>> sources();

        /** Weekly run: at most this many documents (the most recent). */
        @WithDefault("20000")
        int maxRunDocuments();

        /** Weekly run: fewer documents than this and the run is skipped (previous topics stay active). */
        @WithDefault("30")
        int minRunDocuments();

        /** Reasons elected per run (top N topics by unhappy feedback). */
        @WithDefault("3")
        int topReasons();

        /** A topic needs this many unhappy documents to be elected. */
        @WithDefault("3")
        int minReasonSize();

        /** Cosine similarity for a topic to keep the id of a previous run's topic. */
        @WithDefault("0.8")
        double matchSimilarity();

        /** Relative size change reported as grown / shrunk. */
        @WithDefault("0.2")
        double sizeChange();

        Schedule schedule();

        interface Schedule {
            /** Quartz cron of the weekly run (Monday 03:00); {@code off} disables it. */
            @WithDefault("0 0 3 ? * MON")
            String cron();

            /**
             * How often every replica checks for a newer finished run and loads its topics into its real-time
             * matcher (the run itself happens on one replica); {@code off} disables it.
             */
            @WithDefault("30s")
            String followEvery();
        }
    }

    /** Which feedback counts as unhappy (any rule that matches). */
    interface Unhappy {
        /** Every feedback is unhappy (e.g. a complaints-only deployment). */
        @WithDefault("false")
        boolean all();

        /** Sources whose feedback is a complaint. */
        @WithDefault("complaint,complaints")
        List<String> sources();

        /** Tags marking a complaint (case-insensitive). */
        @WithDefault("complaint,negative")
        List<String> tags();

        /** Metadata keys holding a sentiment label (ingest's generator writes {@code sentiment}). */
        @WithDefault("sentiment,label")
        List<String> labelKeys();

        /** Label values that mean unhappy (also the {@code text.scored} label, once scoring lands). */
        @WithDefault("negative")
        List<String> labels();

        /** Metadata key of a star rating. */
        @WithDefault("rating")
        String ratingKey();

        /** A rating at or below this is unhappy. */
        @WithDefault("2")
        double maxRating();
    }

    interface Alerts {
        /** Real-time matching: nearest topic centroid counts only at this cosine similarity or more. */
        @WithDefault("0.5")
        double similarity();

        /** Only unhappy feedback raises alerts. */
        @WithDefault("true")
        boolean unhappyOnly();

        /** One alert per topic and customer within this window. */
        @WithDefault("PT24H")
        Duration dedupeWindow();

        Webhook webhook();

        interface Webhook {
            /** POSTed each alert as JSON; empty: no webhook. */
            Optional<String> url();

            /** HMAC-SHA256 key; the signature goes in {@code X-Pulse-Signature: sha256=<hex>}. */
            Optional<String> secret();

            @WithDefault("4")
            int maxAttempts();

            @WithDefault("PT0.5S")
            Duration backoff();

            @WithDefault("PT5S")
            Duration timeout();
        }
    }
}
