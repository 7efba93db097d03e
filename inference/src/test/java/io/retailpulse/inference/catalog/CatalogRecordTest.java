package io.retailpulse.inference.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.RecordValues;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@link CatalogConsumer} takes from {@code retail.catalog} into the gazetteer, and what it skips with a reason. */
class CatalogRecordTest {
    private static final ObjectReader JSON =
            RecordValues.strictReader(new ObjectMapper().findAndRegisterModules(), CatalogEvent.class);

    private static String refused(String value) {
        return refused(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(byte[] value) {
        return assertThrows(IllegalArgumentException.class, () -> CatalogConsumer.parse(JSON, value))
                .getMessage();
    }

    @Test
    void aValidProductIsTaken() {
        CatalogEvent e = CatalogConsumer.parse(
                JSON,
                ("{\"kind\":\"product\",\"id\":\"SKU-1\",\"name\":\"Caf\u00e9 Noir\","
                                + "\"brand\":\"Noir\",\"price\":1.5}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals("Caf\u00e9 Noir", e.name());
    }

    @Test
    void aNameThatIsNotUtf8IsSkippedNotRecognisedAltered() {
        byte[] value =
                "{\"kind\":\"product\",\"id\":\"SKU-1\",\"name\":\"Caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        value[value.length - 3] = (byte) 0x28; // the continuation byte of the é
        assertTrue(refused(value).startsWith("value is not valid UTF-8"));
    }

    @Test
    void wrongTypesTrailingGarbageUnknownKindsAndOversizedFieldsAreSkippedWithTheReason() {
        assertTrue(refused("{\"kind\":\"product\",\"id\":42}").startsWith("unreadable CatalogEvent JSON"));
        assertTrue(refused("{\"kind\":\"product\",\"id\":\"a\"} x").startsWith("unreadable CatalogEvent JSON"));
        assertEquals("kind must be store or product", refused("{\"kind\":\"shelf\",\"id\":\"a\"}"));
        assertEquals("kind must be store or product", refused("null"));
        assertEquals("id is missing", refused("{\"kind\":\"store\",\"name\":\"x\"}"));
        assertEquals(
                "name has 201 characters, at most 200",
                refused("{\"kind\":\"store\",\"id\":\"S1\",\"name\":\"" + "n".repeat(201) + "\"}"));
        assertEquals(
                "id has 65 characters, at most 64", refused("{\"kind\":\"store\",\"id\":\"" + "i".repeat(65) + "\"}"));
        assertTrue(refused("{\"kind\":\"store\",\"id\":\"S1\",\"name\":\"" + "n".repeat(900 * 1024) + "\"}")
                .startsWith("record value has 921"));
    }
}
