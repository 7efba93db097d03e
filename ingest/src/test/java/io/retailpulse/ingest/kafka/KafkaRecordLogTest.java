package io.retailpulse.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.testing.TestConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaRecordLogTest {
    @Test
    void aRecordFailsAtOnceWhileTheBrokerIsKnownToBeAway() {
        IngestConfig config = TestConfig.of(Map.of("kafkaTimeout", Duration.ofSeconds(5)), Map.of());
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:9"));
        BrokerStatus status = new BrokerStatus();
        status.failed(new TimeoutException("Expiring 12 record(s) for retail.sales.history-0: 60000 ms has passed"));
        KafkaRecordLog log = new KafkaRecordLog(clients, new IngestTopics(clients, config), config, status);

        long t0 = System.nanoTime();
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> log.send(new ProducerRecord<>("retail.sales.history", "S1|P1", new byte[] {'{', '}'}))
                        .await()
                        .indefinitely());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "no wait for the broker");
        assertTrue(e.getMessage().contains("has not answered since"), e.getMessage());
    }
}
