package io.retailpulse.nlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The model card file ({@code card.json}) through Jackson: read as an ordered map, written indented by two spaces. */
public final class CardJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private CardJson() {}

    /** The card's fields in file order (numbers as Integer/Double, objects as ordered maps). */
    public static Map<String, Object> read(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model card is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(Map<String, Object> card) {
        try {
            return WRITER.writeValueAsString(card) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The card's numeric metrics in file order. */
    public static Map<String, Double> metrics(String json) {
        return metrics(read(json));
    }

    private static Map<String, Double> metrics(Map<String, Object> card) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (card.get("metrics") instanceof Map<?, ?> mm) {
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                if (e.getValue() instanceof Number n) {
                    metrics.put(String.valueOf(e.getKey()), n.doubleValue());
                }
            }
        }
        return metrics;
    }

    /** What the model registry shows, from card.json. */
    public static ModelCard parse(String json) {
        Map<String, Object> m = read(json);
        Map<String, Double> metrics = metrics(m);
        return new ModelCard(
                String.valueOf(m.get("name")),
                String.valueOf(m.get("version")),
                String.valueOf(m.get("task")),
                Instant.parse(String.valueOf(m.get("trainedAt"))),
                String.valueOf(m.get("trainingData")),
                Map.copyOf(metrics));
    }
}
