package io.retailpulse.inference.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Against a real MariaDB: many simultaneous alert inserts for one customer and topic (as two inference replicas
 * matching several complaints of one customer at the same moment) store exactly one alert, without a deadlock;
 * other customers are not held back by it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class AlertDedupeConcurrencyIT {
    @Inject
    AlertRepository repository;

    private static AlertEvent alert(long topicId, String user) {
        Instant now = Instant.now();
        return new AlertEvent(
                UUID.randomUUID().toString(),
                "fb-" + UUID.randomUUID(),
                topicId,
                "late delivery",
                0.8,
                "review",
                user,
                "my parcel is late",
                now,
                now);
    }

    @Test
    void simultaneousComplaintsOfOneCustomerOnOneTopicStoreOneAlert() throws Exception {
        long topicId = 900_000 + (System.nanoTime() % 1000);
        List<Uni<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = i < 8 ? "alice" : "user-" + i;
            attempts.add(repository.insertIfNew(
                    alert(topicId, user),
                    1,
                    "user:review:" + user,
                    Instant.now().minus(Duration.ofHours(24))));
        }
        try {
            List<Boolean> stored =
                    Uni.join().all(attempts).andCollectFailures().await().atMost(Duration.ofSeconds(60));
            assertEquals(1, stored.subList(0, 8).stream().filter(b -> b).count(), "alice: one alert of 8 " + stored);
            assertEquals(
                    4, stored.subList(8, 12).stream().filter(b -> b).count(), "each other customer alerts " + stored);
            try (Connection c = MariaDbTestResource.connection();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT COUNT(*) FROM topic_alert WHERE topic_id = ? AND dedupe_key = 'user:review:alice'")) {
                s.setLong(1, topicId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertEquals(1, r.getInt(1));
                }
            }
        } finally {
            // the application and its database are shared with the other ITs (TopicAlertsIT counts every alert)
            try (Connection c = MariaDbTestResource.connection()) {
                for (String table : new String[] {"topic_alert", "topic_alert_slot"}) {
                    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE topic_id = ?")) {
                        s.setLong(1, topicId);
                        s.executeUpdate();
                    }
                }
            }
        }
    }
}
