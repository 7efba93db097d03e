package io.retailpulse.inference.complaints;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * One topic run at a time in the cluster: while another replica's run holds the MySQL named lock (played here by a
 * plain JDBC session taking it), a run started on this replica is refused with 409 and no run row is written; once
 * it is free the run starts, and the run gives the lock back when it ends. A schedule fire time runs once, even
 * when Quartz hands it out again after its run ended.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class TopicRunLockIT {
    @Inject
    TopicRunner runner;

    private static boolean getLock(Connection c) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(CONCAT(DATABASE(), '.topic-run'), 0)");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1) == 1;
        }
    }

    private static int runs() throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM topic_run");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aRunHeldByAnotherReplicaRefusesASecondStartAndTheLockIsGivenBackAfterARun() throws Exception {
        int before = runs();
        try (Connection otherReplica = MariaDbTestResource.connection()) {
            assertTrue(getLock(otherReplica), "the other replica takes the run lock");
            given().auth()
                    .oauth2("test-key")
                    .post("/api/v1/topics/runs")
                    .then()
                    .statusCode(409)
                    .body(containsString("another replica"));
            assertEquals(before, runs(), "no run row written");
        } // its connection closes: MySQL frees the lock, as for a killed replica

        given().auth().oauth2("test-key").post("/api/v1/topics/runs").then().statusCode(202);
        assertEquals(before + 1, runs());
        try (Connection probe = MariaDbTestResource.connection()) {
            // the run ends (whatever the window held) and releases the lock
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> getLock(probe));
        }
    }

    @Test
    void aFireTimeThatHasRunIsRefusedOnAnyReplicaEvenAfterItsRunEnded() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isRunning());
        Instant fireTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long first = runner.start("schedule", null, null, fireTime).await().atMost(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isRunning());
        int before = runs();

        // the same fire time again (Quartz handing it to a second replica): refused, nothing written
        ProblemException refused = assertThrows(
                ProblemException.class,
                () -> runner.start("schedule", null, null, fireTime).await().atMost(Duration.ofSeconds(30)));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains("already started"), refused.getMessage());
        assertEquals(before, runs(), "no second run row for fire time " + fireTime);
        assertFalse(runner.isRunning(), "the refusal leaves no run marked in progress");

        // the next fire time runs
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isRunning());
        long next = runner.start("schedule", null, null, fireTime.plusSeconds(5))
                .await()
                .atMost(Duration.ofSeconds(30));
        assertTrue(next > first);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isRunning());
    }
}
