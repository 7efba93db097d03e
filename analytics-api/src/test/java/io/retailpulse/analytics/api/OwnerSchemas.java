package io.retailpulse.analytics.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A fresh MariaDB database with the views analytics-api reads (api_*, bi_*) and the tables behind them, created
 * by their owners' own migrations: forecasting's, inference's and ingest's Flyway scripts from the owners' "schema" jars
 * (unpacked by the build into target/test-classes/db/schema/&lt;owner&gt;), each with its own history table as
 * the services run them.
 * Nothing is copied, and nothing is read from the owners' source folders.
 */
public class OwnerSchemas implements QuarkusTestResourceLifecycleManager {
    public static final String FORECASTING = "forecasting";
    public static final String INFERENCE = "inference";
    public static final String INGEST = "ingest";

    @Override
    public Map<String, String> start() {
        Map<String, String> db = new MariaDbTestResource().start();
        migrate(db, FORECASTING);
        migrate(db, INFERENCE);
        migrate(db, INGEST);
        return db;
    }

    /** Runs {@code owner}'s migrations from its schema jar, as that owner does at start-up. */
    public static void migrate(Map<String, String> db, String owner) {
        migrate("jdbc:" + db.get("pulse.db.url"), db.get("pulse.db.user"), db.get("pulse.db.password"), owner);
    }

    public static void migrate(String jdbcUrl, String user, String password, String owner) {
        String location = "db/schema/" + owner;
        if (OwnerSchemas.class.getClassLoader().getResource(location) == null) {
            throw new IllegalStateException(owner + "'s schema is not on the test classpath (" + location
                    + "): build with -am so that the owner's schema jar is packaged first");
        }
        // As the services do: the second owner finds the schema non-empty and baselines at 0 (shared config).
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:" + location)
                .table("flyway_history_" + owner)
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
