package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.common.events.EntityMention;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityMergerTest {
    @Test
    void catalogSpansReplaceOverlappingModelSpansAndTheRestStaysInTextOrder() {
        // "Visited Lyon Outlet with John in Paris"
        List<EntityMention> catalog = List.of(new EntityMention("Lyon Outlet", "STORE", 8, 19, 1.0, "S003"));
        List<EntityMention> model = List.of(
                new EntityMention("Paris", "LOCATION", 33, 38, 0.98, "paris"),
                new EntityMention("Lyon", "LOCATION", 8, 12, 0.95, "lyon"),
                new EntityMention("John", "PERSON", 25, 29, 0.99, "john"));
        List<EntityMention> merged = EntityMerger.merge(catalog, model);
        assertEquals(
                List.of("STORE", "PERSON", "LOCATION"),
                merged.stream().map(EntityMention::type).toList());
        assertEquals("S003", merged.get(0).key());
    }

    @Test
    void aModelSpanTouchingButNotOverlappingIsKept() {
        List<EntityMention> catalog = List.of(new EntityMention("Acme", "PRODUCT", 0, 4, 1.0, "SKU-1"));
        List<EntityMention> model = List.of(new EntityMention("Bob", "PERSON", 4, 7, 0.9, "bob"));
        assertEquals(2, EntityMerger.merge(catalog, model).size());
    }
}
