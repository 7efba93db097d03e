package io.retailpulse.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestCharsetTest {
    @Test
    void aDeclaredCharsetIsHonouredAndUtf8IsTheDefault() {
        assertEquals(StandardCharsets.UTF_8, RequestCharset.of("text/csv"));
        assertEquals(StandardCharsets.UTF_8, RequestCharset.of(null));
        assertEquals(StandardCharsets.UTF_16, RequestCharset.of("text/csv; charset=utf-16"));
        assertEquals(StandardCharsets.ISO_8859_1, RequestCharset.of("text/csv;charset=\"ISO-8859-1\""));
        assertEquals(StandardCharsets.UTF_8, RequestCharset.of("application/json; charset=UTF-8"));
    }

    @Test
    void anUnknownCharsetOrNonUtf8JsonIsA415WithAClearMessage() {
        ProblemException unknown =
                assertThrows(ProblemException.class, () -> RequestCharset.of("text/csv; charset=klingon-8"));
        assertEquals(415, unknown.status());
        assertTrue(unknown.getMessage().contains("klingon-8"), unknown.getMessage());
        assertEquals(
                415,
                assertThrows(ProblemException.class, () -> RequestCharset.of("text/csv; charset=???"))
                        .status());
        ProblemException json =
                assertThrows(ProblemException.class, () -> RequestCharset.of("application/json; charset=utf-16"));
        assertEquals(415, json.status());
        assertTrue(json.getMessage().contains("UTF-8"), json.getMessage());
        assertEquals(
                415,
                assertThrows(
                                ProblemException.class,
                                () -> RequestCharset.of("application/problem+json; charset=utf-16le"))
                        .status());
    }
}
