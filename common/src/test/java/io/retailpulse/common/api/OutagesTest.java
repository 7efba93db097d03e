package io.retailpulse.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OutagesTest {

    @Test
    void aLostOrRefusedDatabaseConnectionIsAnOutageEvenWhenWrapped() {
        assertEquals(
                Outages.DATABASE,
                Outages.detail(ClosedConnectionException.INSTANCE).orElseThrow());
        assertEquals(
                Outages.DATABASE,
                Outages.detail(new CompletionException(
                                new IllegalStateException("hibernate", new ConnectException("Connection refused"))))
                        .orElseThrow());
        assertEquals(
                Outages.DATABASE,
                Outages.detail(new DatabaseUnavailableException("no answer")).orElseThrow());
        // What a transaction on a connection closed under it fails with (seen with the database cut).
        assertEquals(
                Outages.DATABASE,
                Outages.detail(new CompletionException(new io.vertx.core.impl.NoStackTraceThrowable(
                                "Connection is not active now, current status: CLOSED")))
                        .orElseThrow());
    }

    @Test
    void transientMySqlErrorsAreOutagesAndOtherSqlErrorsAreNot() {
        assertEquals(
                Outages.DATABASE,
                Outages.detail(new MySQLException("Too many connections", 1040, "08004"))
                        .orElseThrow());
        assertEquals(
                Outages.DATABASE,
                Outages.detail(new MySQLException("Deadlock", 1213, "40001")).orElseThrow());
        assertFalse(
                Outages.detail(new MySQLException("Data too long for column 'source'", 1406, "22001"))
                        .isPresent(),
                "a bad value is not an outage: retrying would not help");
    }

    @Test
    void aDependencyThatTimedOutIsAnOutage() {
        assertEquals(
                Outages.TIMEOUT,
                Outages.detail(new io.smallrye.mutiny.TimeoutException()).orElseThrow());
        assertEquals(
                Outages.TIMEOUT,
                Outages.detail(new java.util.concurrent.TimeoutException("t")).orElseThrow());
    }

    @Test
    void aBugIsNotAnOutage() {
        assertFalse(Outages.detail(new NullPointerException()).isPresent());
        assertFalse(Outages.detail(new IllegalArgumentException("bad", new IllegalStateException()))
                .isPresent());
    }

    @Test
    void problemDetailsNameNoInternalClass() {
        assertEquals(
                "Kafka did not take the feedback (Topic feedback.raw not present in metadata after 60000 ms.)",
                ProblemMappers.plain("Kafka did not take the feedback (org.apache.kafka.common.errors."
                        + "TimeoutException: Topic feedback.raw not present in metadata after 60000 ms.)"));
        assertEquals(
                "Unrecognized field \"x\" (class TextRequest), not marked as ignorable",
                ProblemMappers.plain("Unrecognized field \"x\" (class io.retailpulse.inference.api."
                        + "SentimentResource$TextRequest), not marked as ignorable"));
        assertEquals(
                "value of type `Instant` from String",
                ProblemMappers.plain("value of type `java.time.Instant` from String"));
        String plain = "store S1, 2024-01-05: units must be >= 0 (pulse.ingest.publish-window is 10000)";
        assertEquals(plain, ProblemMappers.plain(plain));
        assertTrue(ProblemMappers.plain(null) == null);
    }
}
