package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.common.events.Topics;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void theForecastWorkTopicGetsEnoughPartitionsForSeveralReplicasAndDeadLettersGetOne() {
        ToIntFunction<String> local = KafkaTopics.partitions(3);
        assertEquals(3, local.applyAsInt(Topics.TRANSACTIONS));
        assertEquals(12, local.applyAsInt(Topics.FORECASTING_WORK));
        assertEquals(1, local.applyAsInt(Topics.dlq(Topics.FORECASTING_WORK)));
        assertEquals(1, local.applyAsInt(Topics.dlq(Topics.TRANSACTIONS)));
        assertEquals(24, KafkaTopics.partitions(24).applyAsInt(Topics.FORECASTING_WORK));
    }
}
