package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLimitsTest {
    private final TextLimits limits = new TextLimits(10, 3);

    @Test
    void refusesMissingBlankAndOverlongTextsWithTheReason() {
        assertEquals("text is missing", limits.check("text", null));
        assertEquals("text is empty", limits.check("text", " \n\t"));
        assertEquals("text has 11 characters, at most 10", limits.check("text", "x".repeat(11)));
        assertNull(limits.check("text", "x".repeat(10)));
    }

    @Test
    void refusesEmptyOversizedBatchesAndNamesTheFirstBadText() {
        assertEquals("texts must be a non-empty list of strings", limits.checkBatch(List.of()));
        assertEquals("at most 3 texts per request, got 4", limits.checkBatch(Collections.nCopies(4, "ok")));
        List<String> texts = new ArrayList<>(List.of("ok", " "));
        assertEquals("texts[1] is empty", limits.checkBatch(texts));
        texts.set(1, null);
        assertEquals("texts[1] is missing", limits.checkBatch(texts));
        assertNull(limits.checkBatch(List.of("a", "b", "c")));
    }
}
