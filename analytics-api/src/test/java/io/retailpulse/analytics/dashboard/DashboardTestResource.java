package io.retailpulse.analytics.dashboard;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the dashboard reads, for real: a fresh MariaDB database with the tables of forecasting and inference
 * created by their owners' own migrations (read from those modules), and a Kafka broker with the live alert
 * consumer switched on.
 */
public class DashboardTestResource implements QuarkusTestResourceLifecycleManager {
    static final Path MODULES = Path.of("..");

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new MariaDbTestResource().start());
        for (String owner : new String[] {"forecasting", "inference"}) {
            Path migrations = MODULES.resolve(owner).resolve("src/main/resources/db/migration");
            if (!Files.isDirectory(migrations)) {
                throw new IllegalStateException(owner + " migrations not found at " + migrations.toAbsolutePath());
            }
            Flyway.configure()
                    .dataSource("jdbc:" + config.get("pulse.db.url"), config.get("pulse.db.user"),
                            config.get("pulse.db.password"))
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .table("flyway_history_" + owner)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        }
        config.putAll(new KafkaTestResource().start());
        config.put("mp.messaging.incoming.dashboard-alerts.enabled", "true");
        return config;
    }

    @Override
    public void stop() {
        // The database and the broker are discarded with the test JVM.
    }
}
