package io.retailpulse.analytics.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh MariaDB database with every table analytics-api reads and the BI views, created by their owners' own
 * migrations (forecasting's and inference's Flyway scripts, read from those modules, each with its own history
 * table as the services run them) rather than a copy that could drift.
 */
public class OwnerSchemas implements QuarkusTestResourceLifecycleManager {
    static final Path FORECASTING = Path.of("..", "forecasting", "src", "main", "resources", "db", "migration");
    static final Path INFERENCE = Path.of("..", "inference", "src", "main", "resources", "db", "migration");

    @Override
    public Map<String, String> start() {
        Map<String, String> db = new MariaDbTestResource().start();
        migrate(db, FORECASTING, "flyway_history_forecasting");
        migrate(db, INFERENCE, "flyway_history_inference");
        return db;
    }

    static void migrate(Map<String, String> db, Path migrations, String historyTable) {
        if (!Files.isDirectory(migrations)) {
            throw new IllegalStateException("migrations not found at " + migrations.toAbsolutePath());
        }
        // As the services do: the second owner finds the schema non-empty and baselines at 0 (shared config).
        Flyway.configure()
                .dataSource("jdbc:" + db.get("pulse.db.url"), db.get("pulse.db.user"), db.get("pulse.db.password"))
                .locations("filesystem:" + migrations.toAbsolutePath())
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Override
    public void stop() {
        // The database is discarded with the test JVM's MariaDB.
    }
}
