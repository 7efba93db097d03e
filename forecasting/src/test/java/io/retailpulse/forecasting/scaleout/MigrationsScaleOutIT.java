package io.retailpulse.forecasting.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.retailpulse.common.migration.MigrationLock;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replicas that start together on a fresh database run the same migrate-at-start at the same moment. Without
 * common's MigrationLock one of them now and then saw the schema non-empty (the other's new history table) but no
 * history table, and failed to baseline it ("Unable to baseline schema history table … as it already exists, and is
 * empty"): RunsScaleOutIT's replica-b did not start in a CI run. Flyway is configured here as the service configures
 * it (common's baseline-on-migrate at 0, forecasting's history table and scripts, an Agroal pool of two connections
 * as ingest has: the lock must not need a third), three replicas per round, each round on a fresh database, released
 * together by a barrier.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MigrationsScaleOutIT {
    private static final Logger LOG = Logger.getLogger(MigrationsScaleOutIT.class);
    private static final String TABLE = "flyway_history_forecasting";
    private static final int ROUNDS = Integer.getInteger("test.migration.rounds", 30);
    private static final int REPLICAS = 3;

    @Test
    void replicasStartingTogetherOnAFreshDatabaseAllStartAndApplyEveryScriptOnce() throws Exception {
        boolean locked = !Boolean.getBoolean("test.migration.unlocked");
        int failedRounds = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Database db = Database.fresh();
            List<MigrationLock> locks = new ArrayList<>();
            List<Flyway> flyways = new ArrayList<>();
            List<AgroalDataSource> pools = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                MigrationLock lock = new MigrationLock(60);
                locks.add(lock);
                AgroalDataSource pool = db.pool();
                pools.add(pool);
                flyways.add(locked ? db.flyway(pool, lock) : db.flyway(pool));
            }
            CyclicBarrier together = new CyclicBarrier(REPLICAS);
            List<CompletableFuture<MigrateResult>> started = new ArrayList<>();
            for (Flyway flyway : flyways) {
                started.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return flyway.migrate();
                }));
            }
            int executed = 0;
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<MigrateResult> replica : started) {
                try {
                    executed += replica.get(90, TimeUnit.SECONDS).migrationsExecuted;
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage().lines().findFirst().orElse(""));
                }
            }
            pools.forEach(AgroalDataSource::close);
            if (!failures.isEmpty()) {
                failedRounds++;
                LOG.warnf("round %d: %s", round, failures);
            }
            if (locked) {
                assertTrue(failures.isEmpty(), "round " + round + ": a replica failed to migrate: " + failures);
                int scripts;
                try (AgroalDataSource pool = db.pool()) {
                    scripts = db.flyway(pool).info().all().length;
                }
                assertEquals(scripts, executed, "round " + round + ": every script ran once, on one replica");
                assertEquals(scripts, db.historyRows(), "round " + round + ": one history row per script");
                assertFalse(locks.stream().anyMatch(MigrationLock::held), "every replica released the lock");
            }
        }
        LOG.infof(
                "%d of %d rounds had a replica that failed to migrate (lock %s)",
                failedRounds, ROUNDS, locked ? "on" : "off");
    }

    /** A fresh database of the test server, and Flyway on it as the service configures it. */
    private record Database(String url, String user, String password) {
        static Database fresh() {
            Map<String, String> db = new MariaDbTestResource().start();
            return new Database("jdbc:" + db.get("pulse.db.url"), db.get("pulse.db.user"), db.get("pulse.db.password"));
        }

        /** A pool like a service's JDBC one (common's quarkus.datasource.jdbc.max-size=2). */
        AgroalDataSource pool() throws SQLException {
            AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(p -> p.maxSize(2)
                            .acquisitionTimeout(Duration.ofSeconds(20))
                            .connectionFactoryConfiguration(f -> f.jdbcUrl(url)
                                    .principal(new NamePrincipal(user))
                                    .credential(new SimplePassword(password))));
            return AgroalDataSource.from(config);
        }

        Flyway flyway(DataSource pool, Callback... callbacks) {
            return Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .table(TABLE)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .callbacks(callbacks)
                    .load();
        }

        /** Rows in the history table of this round's database, the latest one MariaDbTestResource started. */
        int historyRows() throws SQLException {
            try (Connection c = MariaDbTestResource.connection();
                    ResultSet rows =
                            c.createStatement().executeQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE success")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
