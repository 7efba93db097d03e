package io.retailpulse.nlp;

import java.time.Instant;
import java.util.Map;

/** What the model registry shows: name, version, task, when and on what it was trained, and its dev metrics. */
public record ModelCard(
        String name,
        String version,
        String task,
        Instant trainedAt,
        String trainingData,
        Map<String, Double> metrics) {}
