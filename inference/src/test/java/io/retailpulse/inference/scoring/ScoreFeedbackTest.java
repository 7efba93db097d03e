package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.retailpulse.common.events.EntityMention;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which product and store a scored event names. */
class ScoreFeedbackTest {
    private static final List<EntityMention> ENTITIES = List.of(
            new EntityMention("Lyon", "LOCATION", 0, 4, 0.9, "lyon"),
            new EntityMention("Oat Milk", "PRODUCT", 10, 18, 1.0, "SKU-2"),
            new EntityMention("Butter", "PRODUCT", 20, 26, 1.0, "SKU-3"));
    private static final List<String> KEYS = List.of("product_id", "productId");

    @Test
    void theSourcesMetadataWinsInKeyOrderOverTheEntities() {
        assertEquals(
                "SKU-9",
                ScoreFeedback.reference(
                        Map.of("productId", "SKU-8", "product_id", "SKU-9"), KEYS, ENTITIES, "PRODUCT"));
        assertEquals(
                "SKU-8",
                ScoreFeedback.reference(Map.of("productId", "SKU-8", "product_id", " "), KEYS, ENTITIES, "PRODUCT"));
    }

    @Test
    void withoutMetadataTheFirstEntityOfTheTypeAndOtherwiseNothing() {
        assertEquals("SKU-2", ScoreFeedback.reference(null, KEYS, ENTITIES, "PRODUCT"));
        assertEquals("SKU-2", ScoreFeedback.reference(Map.of("rating", "1"), KEYS, ENTITIES, "PRODUCT"));
        assertNull(ScoreFeedback.reference(Map.of(), List.of("store_id"), ENTITIES, "STORE"));
    }
}
