package io.retailpulse.analytics.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailpulse.analytics.lists.CsvText;
import java.time.Instant;

/**
 * A row of {@code GET /api/v1/model-versions}: inference's model registry (model_version). {@code metrics} is the
 * stored JSON object as it is.
 */
public record ModelVersionItem(
        String name,
        String version,
        String task,
        String status,
        JsonNode metrics,
        String trainingData,
        Instant trainedAt,
        Instant registeredAt,
        Instant activatedAt) {

    public static final String CSV_HEADER =
            "name,version,task,status,metrics,trainingData,trainedAt,registeredAt,activatedAt";

    String csv() {
        return CsvText.line(name, version, task, status, metrics, trainingData, trainedAt, registeredAt, activatedAt);
    }
}
