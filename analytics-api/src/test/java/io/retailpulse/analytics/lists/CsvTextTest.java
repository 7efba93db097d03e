package io.retailpulse.analytics.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTextTest {

    @Test
    void quotesOnlyFieldsThatNeedItAndDoublesQuotes() {
        assertEquals(
                "a,,1.5,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"",
                CsvText.line("a", null, 1.5, "b,c", "say \"hi\"", "two\nlines", "cr\r"));
    }
}
