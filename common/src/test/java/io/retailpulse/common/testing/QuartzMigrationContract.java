package io.retailpulse.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;

/**
 * A clustered-Quartz service's job-store migration is generated at build time from common's one copy of Quartz's
 * DDL (common/src/main/quartz, root pom's {@code quartz-migration}). Databases migrated before that hold the
 * checksum of the file the service used to carry; Flyway validates every applied migration against it at start,
 * so the generated file must keep that checksum to the bit, or an upgraded replica fails to start. Each service
 * checks its file in a {@code QuartzMigrationChecksumTest}.
 */
public final class QuartzMigrationContract {
    private QuartzMigrationContract() {}

    /** Fails unless the migration at this classpath location has the checksum the service's history table holds. */
    public static void assertReleasedChecksum(String migration, int releasedChecksum) throws IOException {
        assertEquals(releasedChecksum, ChecksumCalculator.calculate(new StringResource(read(migration))), migration);
    }

    private static String read(String location) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
            assertNotNull(in, location + " is not on the classpath: was the quartz-migration build step run?");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
