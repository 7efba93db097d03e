package io.retailpulse.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void theSharedConfigurationNamesEveryTopicExactlyAsTopicsDoes() throws Exception {
        Properties shared = new Properties();
        try (InputStream in = Topics.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        Map<String, String> expected = Map.of(
                "transactions", Topics.TRANSACTIONS,
                "sales-daily", Topics.SALES_DAILY,
                "sales-history", Topics.SALES_HISTORY,
                "feedback-raw", Topics.FEEDBACK_RAW,
                "text-scored", Topics.TEXT_SCORED,
                "feedback-alerts", Topics.FEEDBACK_ALERTS,
                "forecasts-published", Topics.FORECASTS_PUBLISHED,
                "signals-series", Topics.SIGNALS_SERIES,
                "catalog", Topics.CATALOG,
                "forecasting-work", Topics.FORECASTING_WORK);
        Map<String, String> configured = new java.util.TreeMap<>();
        shared.stringPropertyNames().stream()
                .filter(k -> k.startsWith("pulse.topics."))
                .forEach(k -> configured.put(k.substring("pulse.topics.".length()), shared.getProperty(k)));
        assertEquals(new java.util.TreeMap<>(expected), configured);
        assertEquals(Topics.CATALOG, CatalogEvent.TOPIC);
    }
}
