package io.retailpulse.inference;

import static io.retailpulse.common.testing.QuartzMigrationContract.assertReleasedChecksum;

import org.junit.jupiter.api.Test;

class QuartzMigrationChecksumTest {
    @Test
    void generatedQuartzMigrationHasTheChecksumExistingDatabasesHold() throws Exception {
        // An existing database's flyway_history_inference row for this migration holds this checksum.
        assertReleasedChecksum("db/migration/V6_1__quartz_job_store.sql", -776061301);
    }
}
