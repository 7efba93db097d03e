package io.retailpulse.analytics.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh MariaDB database with the tables analytics-api reads, created by their owner's own migrations
 * (forecasting's Flyway scripts, read from that module) rather than a copy that could drift.
 */
public class ForecastingSchema implements QuarkusTestResourceLifecycleManager {
    static final Path MIGRATIONS = Path.of("..", "forecasting", "src", "main", "resources", "db", "migration");

    @Override
    public Map<String, String> start() {
        Map<String, String> db = new MariaDbTestResource().start();
        if (!Files.isDirectory(MIGRATIONS)) {
            throw new IllegalStateException("forecasting migrations not found at " + MIGRATIONS.toAbsolutePath());
        }
        Flyway.configure()
                .dataSource("jdbc:" + db.get("pulse.db.url"), db.get("pulse.db.user"), db.get("pulse.db.password"))
                .locations("filesystem:" + MIGRATIONS.toAbsolutePath())
                .table("flyway_history_forecasting")
                .load()
                .migrate();
        return db;
    }

    @Override
    public void stop() {
        // The database is discarded with the test JVM's MariaDB.
    }
}
