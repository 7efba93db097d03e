package io.retailpulse.ingest.connectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

/**
 * What every connector IT runs against: the local stream stub on {@link StubProfile}'s port and a capture of the
 * log (to prove tokens never appear), both once per test class.
 */
abstract class StubbedConnectorIT {
    static StreamStub stub;
    static LogCapture logs;

    @BeforeAll
    static void startStub() throws Exception {
        stub = new StreamStub(StubProfile.port());
        logs = LogCapture.install();
    }

    @AfterAll
    static void stopStub() throws Exception {
        logs.close();
        stub.close();
    }

    /** A base for post ids no earlier run used (the broker and database outlive one test class). */
    static long freshIdBase() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
    }
}
