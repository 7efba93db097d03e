package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.config.InferenceConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default "unhappy" rule, as the service configures it. */
class UnhappyRuleTest {
    private static UnhappyRule rule(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(InferenceConfig.class)
                .withDefaultValues(overrides)
                .build();
        return new UnhappyRule(config.getConfigMapping(InferenceConfig.class));
    }

    private static FeedbackEvent event(String source, List<String> tags, Map<String, String> meta) {
        return new FeedbackEvent("e1", Instant.now(), source, "x1", "u1", "en", "text", tags, meta, Instant.now());
    }

    @Test
    void complaintSourceTagNegativeLabelOrLowRatingIsUnhappy() {
        UnhappyRule rule = rule(Map.of());
        assertTrue(rule.test(event("complaint", List.of(), Map.of())));
        assertTrue(rule.test(event("review", List.of("Complaint"), Map.of())));
        assertTrue(rule.test(event("generator", null, Map.of("sentiment", "negative"))));
        assertTrue(rule.test(event("review", List.of(), Map.of("rating", "1.5"))));
    }

    @Test
    void praiseNeutralAndUnparseableRatingsAreNot() {
        UnhappyRule rule = rule(Map.of());
        assertFalse(rule.test(event("review", List.of("praise"), Map.of("sentiment", "positive", "rating", "5"))));
        assertFalse(rule.test(event("social", null, null)));
        assertFalse(rule.test(event("review", List.of(), Map.of("rating", "two stars"))));
    }

    @Test
    void allMakesEveryFeedbackUnhappy() {
        assertTrue(rule(Map.of("pulse.inference.unhappy.all", "true")).test(event("social", null, null)));
    }

    private static ScoredTextEvent scored(String label, List<String> tags, Map<String, String> meta) {
        return new ScoredTextEvent(
                "e1",
                Instant.now(),
                "review",
                "u1",
                "text",
                label,
                0.9,
                Map.of(label, 0.9),
                "pulse-text",
                "1",
                Instant.now(),
                List.of(),
                null,
                null,
                tags,
                meta);
    }

    @Test
    void aScoredTextIsUnhappyWhenTheModelSaysNegativeOrTheSourceMarkedIt() {
        UnhappyRule rule = rule(Map.of());
        assertTrue(rule.test(scored("negative", null, null)));
        assertFalse(rule.test(scored("neutral", null, null)));
        assertFalse(rule.test(scored("positive", List.of("praise"), Map.of("rating", "5"))));
        assertTrue(rule.test(scored("neutral", List.of("complaint"), null)), "the source's tag still counts");
        assertTrue(rule.test(scored("positive", null, Map.of("rating", "1"))), "a one-star rating still counts");
    }
}
