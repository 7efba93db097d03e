package io.retailpulse.common.events;

import java.util.List;

/**
 * Kafka topic names (fixed public interface, see docs/events.md). Each main topic has a {@code .dlq} twin.
 * The services' configuration refers to them as {@code ${pulse.topics.<name>}}, defined once in common's
 * META-INF/microprofile-config.properties; TopicNamesTest keeps that file and these constants equal.
 */
public final class Topics {
    public static final String TRANSACTIONS = "retail.transactions";
    public static final String SALES_DAILY = "retail.sales.daily";
    public static final String SALES_HISTORY = "retail.sales.history";
    public static final String FEEDBACK_RAW = "feedback.raw";
    public static final String TEXT_SCORED = "text.scored";
    public static final String FEEDBACK_ALERTS = "feedback.alerts";
    public static final String FORECASTS_PUBLISHED = "forecasts.published";
    /** External series (market trends, indices, weather): name, day, value. */
    public static final String SIGNALS_SERIES = "signals.series";
    /** The compacted catalog (products and stores by id); no dead-letter twin. */
    public static final String CATALOG = "retail.catalog";
    /**
     * Forecast runs' work items: a run publishes its store-products in small groups; every forecasting replica in
     * the consumer group {@code forecasting-work} fits the pairs of its partitions.
     */
    public static final String FORECASTING_WORK = "forecasting.work";

    /** The main topics, in pipeline order. */
    public static final List<String> MAIN = List.of(
            TRANSACTIONS,
            SALES_HISTORY,
            SALES_DAILY,
            FEEDBACK_RAW,
            TEXT_SCORED,
            FEEDBACK_ALERTS,
            FORECASTS_PUBLISHED,
            SIGNALS_SERIES,
            FORECASTING_WORK);

    private Topics() {}

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** Every topic the platform uses: the main topics and their dead-letter twins. */
    public static List<String> all() {
        return MAIN.stream().flatMap(t -> java.util.stream.Stream.of(t, dlq(t))).toList();
    }
}
