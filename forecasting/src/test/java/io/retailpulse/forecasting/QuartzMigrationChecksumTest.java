package io.retailpulse.forecasting;

import static io.retailpulse.common.testing.QuartzMigrationContract.assertReleasedChecksum;

import org.junit.jupiter.api.Test;

class QuartzMigrationChecksumTest {
    @Test
    void generatedQuartzMigrationHasTheChecksumExistingDatabasesHold() throws Exception {
        // An existing database's flyway_history_forecasting row for this migration holds this checksum.
        assertReleasedChecksum("db/migration/V4_1__quartz_job_store.sql", 1705960828);
    }
}
