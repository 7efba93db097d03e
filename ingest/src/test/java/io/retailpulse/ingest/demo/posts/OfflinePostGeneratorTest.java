package io.retailpulse.ingest.demo.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.ingest.demo.retail.RetailModel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OfflinePostGeneratorTest {
    private static final PostCatalog CATALOG = PostCatalog.of(new RetailModel(1, 4, 12, LocalDate.of(2023, 1, 1)));

    private static List<GeneratedPost> posts(long seed, int n) {
        OfflinePostGenerator generator = new OfflinePostGenerator(seed);
        return generator.labels(n).stream()
                .map(label -> generator.post(label, CATALOG))
                .toList();
    }

    @Test
    void balancesSentiments353530AndIsDeterministic() {
        List<GeneratedPost> posts = posts(7, 1000);
        Map<String, Long> counts =
                posts.stream().collect(Collectors.groupingBy(GeneratedPost::sentiment, Collectors.counting()));
        assertEquals(Map.of("positive", 350L, "neutral", 350L, "negative", 300L), counts);
        assertEquals(posts, posts(7, 1000));
    }

    @Test
    void writesVariedPostsWithEmojiHashtagsLinksAndCatalogMentions() {
        List<GeneratedPost> posts = posts(3, 500);
        assertTrue(posts.stream().map(GeneratedPost::text).distinct().count() > 450, "varied");
        assertTrue(posts.stream().filter(p -> p.text().contains("#")).count() > 100, "hashtags");
        assertTrue(posts.stream().filter(p -> p.text().contains("https://")).count() > 30, "links");
        assertTrue(
                posts.stream()
                                .filter(p -> p.text().codePoints().anyMatch(c -> c >= 0x1F300))
                                .count()
                        > 200,
                "emoji");
        assertTrue(posts.stream().filter(p -> p.productId() != null).count() > 350, "most posts name a product");
        for (GeneratedPost post : posts) {
            if (post.productName() != null) {
                assertTrue(post.text().toLowerCase().contains(post.productName().toLowerCase()), post.text());
            }
            if (post.storeName() != null) {
                assertTrue(post.text().toLowerCase().contains(post.storeName().toLowerCase()), post.text());
            }
        }
        Map<String, Long> perProduct = posts.stream()
                .filter(p -> p.productId() != null)
                .collect(Collectors.groupingBy(GeneratedPost::productId, Collectors.counting()));
        assertTrue(perProduct.size() >= 10, "mentions spread over the catalog");
        assertTrue(posts.stream()
                        .map(GeneratedPost::storeId)
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toMap(Function.identity(), s -> 1, Integer::sum))
                        .size()
                >= 3);
    }
}
