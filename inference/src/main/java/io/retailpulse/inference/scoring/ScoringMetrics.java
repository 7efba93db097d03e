package io.retailpulse.inference.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Prometheus meters of the sentiment model: {@code sentiment_predictions_total{label}},
 * {@code sentiment_prediction_duration_seconds} (one sample per model call: a REST request or a consumer
 * micro-batch, with a histogram) and {@code sentiment_prediction_confidence} (the top probability of each text).
 */
@ApplicationScoped
public class ScoringMetrics {
    private final List<Counter> predictions;
    private final Timer duration;
    private final DistributionSummary confidence;

    public ScoringMetrics(MeterRegistry registry) {
        this.predictions = SentimentLabels.ALL.stream()
                .map(label -> Counter.builder("sentiment.predictions")
                        .description("Texts scored, by predicted label")
                        .tag("label", label)
                        .register(registry))
                .toList();
        this.duration = Timer.builder("sentiment.prediction.duration")
                .description("Time of one sentiment + NER model call (a request or a micro-batch)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.confidence = DistributionSummary.builder("sentiment.prediction.confidence")
                .description("Probability of the predicted label")
                .serviceLevelObjectives(0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
                .register(registry);
    }

    public void record(int label, double topProbability) {
        predictions.get(label).increment();
        confidence.record(topProbability);
    }

    public void duration(long nanos) {
        duration.record(Duration.ofNanos(nanos));
    }
}
