package io.retailpulse.common.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void anIdOfSixtyFourCharactersPassesAndOneMoreIsRefusedWithTheFieldNamed() {
        String max = "a".repeat(Ids.MAX_CHARS);
        assertEquals(max, Ids.check(max, "store_id"));
        assertTrue(Ids.isId(max));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Ids.check(max + "a", "store_id"));
        assertEquals("store_id is longer than 64 characters", e.getMessage());
        assertFalse(Ids.isId(max + "a"));
    }

    @Test
    void emptyBlankControlCharactersAndTheKeySeparatorAreRefused() {
        assertEquals(
                "id is empty",
                assertThrows(IllegalArgumentException.class, () -> Ids.check("", "id"))
                        .getMessage());
        assertEquals(
                "id contains a control character or '|'",
                assertThrows(IllegalArgumentException.class, () -> Ids.check("S1|P1", "id"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ids.check("S\u00001", "id"));
        assertFalse(Ids.isId(null));
        assertFalse(Ids.isId("  "));
    }

    @Test
    void trimBlanksDropsSpacesAndTabsButKeepsControlCharactersForTheCheckToRefuse() {
        assertEquals("S1", Ids.trimBlanks(" \tS1\t "));
        assertEquals("\u0000S1", Ids.trimBlanks(" \u0000S1"));
    }
}
