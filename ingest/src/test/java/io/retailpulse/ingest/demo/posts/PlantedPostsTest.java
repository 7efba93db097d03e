package io.retailpulse.ingest.demo.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.ingest.demo.plant.SentimentPlant;
import io.retailpulse.ingest.demo.retail.RetailModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlantedPostsTest {
    private static final LocalDate START = LocalDate.of(2024, 6, 1);

    @Test
    void everyPlannedPostIsAboutThePlantedProductOnItsDayWithItsLabel() {
        SentimentPlant plant = SentimentPlant.forBackfill(42, START, 400);
        PostCatalog catalog = PostCatalog.of(new RetailModel(42, 5, 20, START));
        List<FeedbackEvent> events = PostService.plantedPosts(plant, catalog, 42, Instant.EPOCH);
        long planned = plant.plan().values().stream().mapToLong(List::size).sum();
        assertEquals(planned, events.size());
        assertEquals(
                events.size(),
                events.stream().map(FeedbackEvent::externalId).distinct().count(),
                "unique ids");
        String name = catalog.products().stream()
                .filter(p -> p.id().equals(SentimentPlant.PRODUCT))
                .findFirst()
                .orElseThrow()
                .name();
        Map<LocalDate, List<String>> labels = new TreeMap<>();
        for (FeedbackEvent e : events) {
            assertEquals(SentimentPlant.PRODUCT, e.metadata().get("productId"));
            assertEquals("plant", e.metadata().get("origin"));
            assertTrue(e.text().toLowerCase().contains(name.toLowerCase()), e.text());
            labels.computeIfAbsent(LocalDate.ofInstant(e.ts(), ZoneOffset.UTC), d -> new java.util.ArrayList<>())
                    .add(e.metadata().get("sentiment"));
        }
        assertEquals(plant.plan(), labels, "each UTC day carries exactly the planned labels, in order");
        assertEquals(PostService.plantedPosts(plant, catalog, 42, Instant.EPOCH), events, "same seed, same posts");
        Map<String, Long> bySentiment = events.stream()
                .collect(Collectors.groupingBy(e -> e.metadata().get("sentiment"), Collectors.counting()));
        assertTrue(bySentiment.get("negative") >= 54, bySentiment.toString());
    }
}
