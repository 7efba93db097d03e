package io.retailpulse.inference.complaints;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One topic run at a time in the cluster: while another replica's run holds the MySQL named lock (played here by a
 * plain JDBC session taking it), a run started on this replica is refused with 409 and no run row is written; once
 * it is free the run starts, and the run gives the lock back when it ends.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class TopicRunLockIT {
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
}
