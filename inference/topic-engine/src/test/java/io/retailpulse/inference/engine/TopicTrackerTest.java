package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTrackerTest {
    private static Topic topic(int size, float... centroid) {
        return new Topic(0, "t", List.of(), size, Vectors.normalize(centroid), new int[0]);
    }

    @Test
    void keepsIdsOfSimilarTopicsAndReportsNewGrownShrunkStableAndVanished() {
        List<TopicTracker.Previous> previous = List.of(
                new TopicTracker.Previous(11, 10, Vectors.normalize(new float[] {1, 0, 0, 0})),
                new TopicTracker.Previous(12, 10, Vectors.normalize(new float[] {0, 1, 0, 0})),
                new TopicTracker.Previous(13, 10, Vectors.normalize(new float[] {0, 0, 1, 0})),
                new TopicTracker.Previous(14, 10, Vectors.normalize(new float[] {0, 0, 0, 1})));
        List<Topic> current = List.of(
                topic(20, 1, 0.1f, 0, 0), topic(5, 0.1f, 1, 0, 0), topic(10, 0, 0, 1, 0.05f), topic(7, 1, 1, 1, 1));
        TopicTracker.Tracking t = TopicTracker.track(current, previous, 0.8, 0.2);
        assertEquals(0, t.matches().get(0).previous());
        assertEquals("grown", t.matches().get(0).change());
        assertEquals(1, t.matches().get(1).previous());
        assertEquals("shrunk", t.matches().get(1).change());
        assertEquals("stable", t.matches().get(2).change());
        assertEquals(-1, t.matches().get(3).previous());
        assertEquals("new", t.matches().get(3).change());
        assertEquals(List.of(3), t.vanished());
    }

    @Test
    void aPreviousTopicIsMatchedOnceByItsMostSimilarSuccessor() {
        List<TopicTracker.Previous> previous =
                List.of(new TopicTracker.Previous(1, 10, Vectors.normalize(new float[] {1, 0})));
        List<Topic> current = List.of(topic(10, 1, 0.3f), topic(10, 1, 0.01f));
        TopicTracker.Tracking t = TopicTracker.track(current, previous, 0.8, 0.2);
        assertEquals("new", t.matches().get(0).change());
        assertEquals(0, t.matches().get(1).previous());
    }

    @Test
    void aTopicKeepsItsLabelWhileItsTopKeywordsOverlapAndLosesItWhenTheyChange() {
        List<String> before = List.of("out of stock", "empty shelves", "stock", "shelf", "sold out");
        assertTrue(
                TopicTracker.sameContent(
                        before, List.of("stock", "empty shelf", "out of stock again", "restock", "missing"), 5, 0.5),
                "same content worded a little differently");
        assertFalse(
                TopicTracker.sameContent(
                        before, List.of("self-checkout broken", "checkout", "queue", "card reader", "stock"), 5, 0.5),
                "a topic that now holds other complaints");
        assertFalse(TopicTracker.sameContent(List.of(), List.of("stock"), 5, 0.5), "nothing to compare");
    }
}
