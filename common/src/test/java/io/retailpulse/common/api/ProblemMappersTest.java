package io.retailpulse.common.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {
    record Item(String name, int quantity, LocalDate day) {}

    record Order(List<Item> items) {}

    private final ObjectMapper mapper = strict();

    private static ObjectMapper strict() {
        ObjectMapper mapper =
                new ObjectMapper().findAndRegisterModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonStrictness().customize(mapper);
        return mapper;
    }

    private String detail(String json, Class<?> type) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readValue(json, type));
        String detail = ProblemMappers.jsonDetail(e);
        assertFalse(
                detail.contains("`")
                        || detail.contains("java.")
                        || detail.contains("io.retailpulse")
                        || detail.contains("Exception"),
                "no internal names: " + detail);
        return detail;
    }

    @Test
    void brokenJsonSaysLineAndColumn() {
        String detail = detail("{\n  \"items\": [\n    {\"name\": \"a\",, }\n  ]\n}", Order.class);
        assertTrue(detail.startsWith("Malformed JSON at line 3, column"), detail);
    }

    @Test
    void trailingGarbageAfterTheValueIsRejected() {
        String detail = detail("{\"items\":[]} trailing", Order.class);
        assertTrue(detail.contains("line 1, column"), detail);
        detail = detail("{\"items\":[]}{\"items\":[]}", Order.class);
        assertTrue(detail.contains("unexpected content after the JSON value"), detail);
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("{\"a\":1} 2"));
    }

    @Test
    void wrongTypesNameTheFieldAndTheJsonTypeExpected() {
        String detail = detail("{\"items\":[{\"name\":\"a\",\"quantity\":\"many\"}]}", Order.class);
        assertTrue(detail.contains("'items[0].quantity'") && detail.contains("a whole number"), detail);
        detail = detail("{\"items\":[{\"day\":\"yesterday\"}]}", Order.class);
        assertTrue(detail.contains("'items[0].day'"), detail);
        detail = detail("{\"items\":{}}", Order.class);
        assertTrue(detail.contains("'items'") && detail.contains("an array"), detail);
        detail = detail("", JsonNode.class.equals(Order.class) ? JsonNode.class : Order.class);
        assertTrue(detail.contains("empty"), detail);
    }
}
