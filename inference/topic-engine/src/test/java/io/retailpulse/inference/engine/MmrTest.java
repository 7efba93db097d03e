package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MmrTest {
    /** Candidates 0 and 1 are near-duplicates, both more relevant than 2. */
    private static final double[] RELEVANCE = {0.9, 0.85, 0.6};

    private static final double[][] SIMILARITY = {{1, 0.95, 0.1}, {0.95, 1, 0.1}, {0.1, 0.1, 1}};

    @Test
    void withoutDiversityItIsTheRelevanceOrder() {
        assertEquals(List.of(0, 1, 2), Mmr.select(RELEVANCE, SIMILARITY, 3, 0.0));
    }

    @Test
    void diversityPutsADifferentCandidateBeforeANearDuplicate() {
        assertEquals(List.of(0, 2, 1), Mmr.select(RELEVANCE, SIMILARITY, 3, 0.3));
        assertEquals(List.of(0, 2), Mmr.select(RELEVANCE, SIMILARITY, 2, 0.3));
    }

    @Test
    void asksForMoreThanThereAreGiveAll() {
        assertEquals(3, Mmr.select(RELEVANCE, SIMILARITY, 10, 0.5).size());
        assertEquals(List.of(), Mmr.select(new double[0], new double[0][0], 3, 0.3));
    }
}
