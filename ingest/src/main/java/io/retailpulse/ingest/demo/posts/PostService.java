package io.retailpulse.ingest.demo.posts;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.ingest.catalog.CatalogService;
import io.retailpulse.ingest.demo.plant.SentimentPlant;
import io.retailpulse.ingest.demo.posts.LlmPostClient.LlmUnavailableException;
import io.retailpulse.ingest.demo.retail.GeneratorRequest;
import io.retailpulse.ingest.demo.retail.RetailModel;
import io.retailpulse.ingest.feedback.FeedbackService;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Generates shopper posts about the catalog's products and stores and sends them to {@code feedback.raw} as
 * source {@code generator}, with the ground truth (sentiment, product, store) in the metadata. LLM mode asks the
 * configured endpoint batch by batch and writes a failed batch offline; after two failures in a row the rest of
 * the run is offline. Blocking.
 */
@ApplicationScoped
public class PostService {
    private static final Logger LOG = Logger.getLogger(PostService.class);
    private static final Pattern HASHTAG = Pattern.compile("#[\\p{L}\\p{N}_]+");
    private static final int CHUNK = 1000;
    private static final int FAILURES_BEFORE_OFFLINE = 2;

    private final CatalogService catalog;
    private final FeedbackService feedback;
    private final LlmPostClient llm;
    private final IngestConfig config;

    public PostService(CatalogService catalog, FeedbackService feedback, LlmPostClient llm, IngestConfig config) {
        this.catalog = catalog;
        this.feedback = feedback;
        this.llm = llm;
        this.config = config;
    }

    public PostRunResult generate(PostRequest raw) {
        PostRequest request = raw.normalised();
        PostCatalog names = catalog(request.seed());
        OfflinePostGenerator offline = new OfflinePostGenerator(request.seed());
        List<String> labels = offline.labels(request.count());
        List<GeneratedPost> posts = new ArrayList<>(labels.size());
        long fallbacks = 0;
        int failuresInARow = 0;
        int batchSize = Math.max(1, config.llm().batchSize());
        for (int from = 0; from < labels.size(); from += batchSize) {
            List<String> batch = labels.subList(from, Math.min(labels.size(), from + batchSize));
            List<GeneratedPost> written = List.of();
            if (PostRequest.LLM.equals(request.mode()) && failuresInARow < FAILURES_BEFORE_OFFLINE) {
                try {
                    written = llm.generate(batch, names);
                    failuresInARow = 0;
                } catch (LlmUnavailableException e) {
                    LOG.warnf("LLM batch failed, writing it offline: %s", e.getMessage());
                    fallbacks++;
                    failuresInARow++;
                }
            }
            posts.addAll(complete(batch, written, offline, names));
        }
        List<FeedbackEvent> events = events(posts, request.seed());
        long accepted = 0;
        for (int from = 0; from < events.size(); from += CHUNK) {
            accepted += feedback.publish(events.subList(from, Math.min(events.size(), from + CHUNK)), List.of());
        }
        Map<String, Long> sentiments = new TreeMap<>();
        posts.forEach(p -> sentiments.merge(p.sentiment(), 1L, Long::sum));
        long fromLlm = posts.stream().filter(p -> "llm".equals(p.origin())).count();
        return new PostRunResult(
                request.mode(),
                request.count(),
                events.size(),
                events.size() - accepted,
                sentiments,
                fromLlm,
                posts.size() - fromLlm,
                fallbacks);
    }

    /**
     * Sends the posts of the demo's planted effect (demo.plant.SentimentPlant) for a normalised backfill request with
     * {@code plant}: every planned post about the planted product, stamped on its day. Their externalIds name the
     * seed and day, so a repeated demo adds nothing. Returns the number of posts handed on (new or duplicates).
     */
    public long plant(GeneratorRequest request) {
        SentimentPlant plant = request.sentimentPlant();
        if (plant == null) {
            return 0;
        }
        RetailModel model = new RetailModel(request.seed(), request.stores(), request.products(), request.start());
        List<FeedbackEvent> events = plantedPosts(plant, PostCatalog.of(model), request.seed(), Instant.now());
        for (int from = 0; from < events.size(); from += CHUNK) {
            feedback.publish(events.subList(from, Math.min(events.size(), from + CHUNK)), List.of());
        }
        LOG.infof(
                "planted %d posts about %s on %s .. %s (negative burst %s .. %s, sales follow %d days later)",
                events.size(),
                SentimentPlant.PRODUCT,
                plant.windowStart(),
                plant.windowEnd(),
                plant.burstStart(),
                plant.burstEnd(),
                SentimentPlant.LAG_DAYS);
        return events.size();
    }

    /** The planted posts as feedback events: each day's planned labels, written offline about the planted product. */
    static List<FeedbackEvent> plantedPosts(SentimentPlant plant, PostCatalog catalog, long seed, Instant now) {
        PostCatalog.Entry product = catalog.products().stream()
                .filter(p -> p.id().equals(SentimentPlant.PRODUCT))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the catalog has no " + SentimentPlant.PRODUCT));
        OfflinePostGenerator writer = new OfflinePostGenerator(seed ^ 0x91A47L);
        SplittableRandom random = new SplittableRandom(seed);
        List<FeedbackEvent> events = new ArrayList<>();
        plant.plan().forEach((day, labels) -> {
            for (int i = 0; i < labels.size(); i++) {
                GeneratedPost post = writer.postAbout(labels.get(i), product, catalog);
                String externalId = "plant-" + seed + "-" + day + "-" + i;
                Map<String, String> truth = new LinkedHashMap<>();
                truth.put("sentiment", post.sentiment());
                truth.put("productId", post.productId());
                truth.put("productName", post.productName());
                truth.put("storeId", post.storeId());
                truth.put("storeName", post.storeName());
                truth.put("origin", "plant");
                truth.values().removeIf(java.util.Objects::isNull);
                // Shopping hours, UTC: the post's day is its UTC day, as inference counts it.
                Instant ts =
                        day.atTime(8, 0).plusSeconds(random.nextInt(13 * 3600)).toInstant(ZoneOffset.UTC);
                events.add(new FeedbackEvent(
                        FeedbackService.eventId("generator", externalId),
                        ts,
                        "generator",
                        externalId,
                        "user" + (1 + random.nextInt(5000)),
                        "en",
                        post.text(),
                        hashtags(post.text()),
                        truth,
                        now));
            }
        });
        return events;
    }

    private static List<String> hashtags(String text) {
        List<String> tags = new ArrayList<>();
        Matcher m = HASHTAG.matcher(text);
        while (m.find()) {
            tags.add(m.group());
        }
        return tags;
    }

    /** Keeps the model's posts up to the batch's label counts and writes the missing ones offline. */
    static List<GeneratedPost> complete(
            List<String> labels, List<GeneratedPost> written, OfflinePostGenerator offline, PostCatalog names) {
        Map<String, Integer> wanted = new HashMap<>();
        labels.forEach(l -> wanted.merge(l, 1, Integer::sum));
        List<GeneratedPost> out = new ArrayList<>(labels.size());
        for (GeneratedPost post : written) {
            if (wanted.getOrDefault(post.sentiment(), 0) > 0 && post.productId() != null) {
                wanted.merge(post.sentiment(), -1, Integer::sum);
                out.add(post);
            }
        }
        for (String label : labels) {
            if (wanted.getOrDefault(label, 0) > 0) {
                wanted.merge(label, -1, Integer::sum);
                out.add(offline.post(label, names));
            }
        }
        return out;
    }

    private List<FeedbackEvent> events(List<GeneratedPost> posts, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = Instant.now();
        List<FeedbackEvent> events = new ArrayList<>(posts.size());
        for (int i = 0; i < posts.size(); i++) {
            GeneratedPost post = posts.get(i);
            String externalId = "post-" + seed + "-" + i;
            Map<String, String> truth = new LinkedHashMap<>();
            truth.put("sentiment", post.sentiment());
            truth.put("productId", post.productId());
            truth.put("productName", post.productName());
            truth.put("storeId", post.storeId());
            truth.put("storeName", post.storeName());
            truth.put("origin", post.origin());
            if ("llm".equals(post.origin())) {
                truth.put("model", llm.model());
            }
            truth.values().removeIf(java.util.Objects::isNull);
            List<String> tags = new ArrayList<>();
            Matcher m = HASHTAG.matcher(post.text());
            while (m.find()) {
                tags.add(m.group());
            }
            events.add(new FeedbackEvent(
                    FeedbackService.eventId("generator", externalId),
                    now.minusSeconds(random.nextInt(7 * 24 * 3600)),
                    "generator",
                    externalId,
                    "user" + (1 + random.nextInt(5000)),
                    "en",
                    post.text(),
                    tags,
                    truth,
                    now));
        }
        return events;
    }

    /** The real catalog, or a default generated one when it is still empty. */
    private PostCatalog catalog(long seed) {
        List<CatalogEvent> products = catalog.list(CatalogEvent.PRODUCT).await().atMost(config.dbTimeout());
        List<CatalogEvent> stores = catalog.list(CatalogEvent.STORE).await().atMost(config.dbTimeout());
        if (products.isEmpty()) {
            return PostCatalog.of(new RetailModel(seed, 5, 20, LocalDate.now().minusYears(2)));
        }
        return new PostCatalog(
                products.stream()
                        .map(p -> new PostCatalog.Entry(p.id(), p.name(), p.brand()))
                        .toList(),
                stores.stream()
                        .map(s -> new PostCatalog.Entry(s.id(), s.name(), s.city()))
                        .toList());
    }
}
