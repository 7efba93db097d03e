package io.retailpulse.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CardJsonTest {
    @Test
    void committedCardIsWrittenBackUnchanged() throws Exception {
        String json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/pulse-text/card.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals(json, CardJson.write(CardJson.read(json)));
    }

    @Test
    void cardGivesNameVersionAndNumericMetrics() {
        ModelCard card = CardJson.parse(
                "{\"name\":\"t\",\"version\":\"1.2\",\"task\":\"x\",\"trainedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"trainingData\":\"d\",\"metrics\":{\"a\":0.5,\"n\":3,\"note\":\"text\"}}");

        assertEquals("1.2", card.version());
        assertEquals(0.5, card.metrics().get("a"));
        assertEquals(3.0, card.metrics().get("n"));
        assertEquals(2, card.metrics().size());
    }

    @Test
    void brokenCardIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardJson.read("{\"name\": "));
        assertEquals(true, e.getMessage().startsWith("model card is not valid JSON"));
    }
}
