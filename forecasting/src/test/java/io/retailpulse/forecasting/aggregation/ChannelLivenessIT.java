package io.retailpulse.forecasting.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.stack.testing.DatabaseEdgeTestResource;
import io.retailpulse.stack.testing.KafkaTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A consumer channel that fails for good turns liveness DOWN, so that an orchestrator restarts the process
 * (readiness alone would only take it out of rotation, for ever). The failure played here is the one a
 * consumer meets in production: its batch waits on a frozen MySQL longer than the throttled commit strategy's
 * {@code unprocessed-record-max-age} (60 s by default, 3 s in this profile), and SmallRye fails the channel with
 * TooManyMessagesWithoutAckException. Each liveness probe must still answer within 3 s.
 */
@QuarkusTest
@TestProfile(ChannelLivenessIT.ShortAckAge.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = DatabaseEdgeTestResource.class, restrictToAnnotatedClass = true)
class ChannelLivenessIT {
    private static final Logger LOG = Logger.getLogger(ChannelLivenessIT.class);
    private static final Duration PROBE_BOUND = Duration.ofSeconds(3);

    @Inject
    ObjectMapper json;

    public static class ShortAckAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.transactions.throttled.unprocessed-record-max-age.ms", "3000");
        }
    }

    private static Response live() {
        long t0 = System.nanoTime();
        Response r = RestAssured.given().get("/q/health/live");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(PROBE_BOUND) <= 0, "liveness answered after " + took);
        return r;
    }

    @Test
    void livenessTurnsDownWhenAConsumerChannelFailsForGood() throws Exception {
        Response before = live();
        assertEquals(200, before.statusCode(), before.asString());
        for (String channel : new String[] {"transactions", "sales-history"}) {
            assertTrue(
                    before.asString().contains("\"" + channel + "\": \"[OK]\""),
                    "liveness reports the " + channel + " channel: " + before.asString());
        }

        LocalDate day = LocalDate.of(2024, 3, 1);
        TransactionEvent event = new TransactionEvent(
                "live-" + UUID.randomUUID(),
                day.atTime(12, 0).toInstant(ZoneOffset.UTC),
                day,
                "S-live",
                "P1",
                1,
                new BigDecimal("2.50"),
                "test",
                Instant.now());
        DatabaseEdgeTestResource.freeze();
        try {
            try (KafkaProducer<String, String> producer = KafkaTestResource.producer()) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, event.key(), json.writeValueAsString(event)))
                        .get();
            }
            Response r = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                r = live();
                if (r.statusCode() == 503) {
                    break;
                }
                Thread.sleep(500);
            }
            LOG.infof("liveness with the transactions channel stuck: %s", r.asString());
            assertEquals(503, r.statusCode(), "liveness stayed UP with a dead channel: " + r.asString());
            assertTrue(r.asString().contains("\"transactions\": \"[KO]"), r.asString());
        } finally {
            DatabaseEdgeTestResource.restore();
        }
    }
}
