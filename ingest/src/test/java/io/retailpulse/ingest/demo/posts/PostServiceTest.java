package io.retailpulse.ingest.demo.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.ingest.demo.retail.RetailModel;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostServiceTest {
    private static final PostCatalog CATALOG = PostCatalog.of(new RetailModel(1, 2, 5, LocalDate.of(2023, 1, 1)));

    @Test
    void keepsTheModelsPostsUpToTheWantedLabelsAndWritesTheRestOffline() {
        GeneratedPost llmPositive = new GeneratedPost("yay", "positive", "SKU-0001", "x", null, null, "llm");
        GeneratedPost llmUnmapped = new GeneratedPost("meh", "neutral", null, null, null, null, "llm");
        List<GeneratedPost> out = PostService.complete(
                List.of("positive", "neutral", "negative"),
                List.of(llmPositive, llmPositive, llmUnmapped),
                new OfflinePostGenerator(1),
                CATALOG);
        assertEquals(
                List.of("positive", "neutral", "negative"),
                out.stream().map(GeneratedPost::sentiment).toList());
        assertEquals(
                List.of("llm", "offline", "offline"),
                out.stream().map(GeneratedPost::origin).toList());
    }
}
