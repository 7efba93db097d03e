package io.retailpulse.analytics.lists;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTextTest {

    @Test
    void quotesOnlyFieldsThatNeedItAndDoublesQuotes() {
        assertEquals("a,,1.5,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"",
                CsvText.line("a", null, 1.5, "b,c", "say \"hi\"", "two\nlines", "cr\r"));
    }
}
