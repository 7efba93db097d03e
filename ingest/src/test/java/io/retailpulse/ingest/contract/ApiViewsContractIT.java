package io.retailpulse.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.stack.MariaDbServer;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read contract ingest publishes for analytics-api ({@code GET /api/v1/signals}), as forecasting and inference
 * pin theirs: after this module's own migrations, every api_* view exists with exactly these columns, in this order,
 * of these types. A migration that renames, drops or retypes one fails here, in ingest's build, instead of breaking
 * analytics-api silently. Changing the contract: publish api_&lt;name&gt;_v2 beside the old view.
 */
class ApiViewsContractIT {
    /** View to "column type" in order; types as MariaDB's information_schema.COLUMNS.COLUMN_TYPE spells them. */
    static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put(
                "api_signal_daily",
                List.of(
                        "name varchar(128)",
                        "date date",
                        "value double",
                        "source varchar(64)",
                        "updated_at datetime(6)"));
    }

    private static int port;
    private static String database;
    private static String password;

    @BeforeAll
    static void migrate() {
        // A database of its own on the test JVM's MariaDB, so that no other test's "latest database" moves.
        port = MariaDbTestResource.serverPort();
        database = "contract_" + UUID.randomUUID().toString().substring(0, 8);
        password = UUID.randomUUID().toString().replace("-", "");
        MariaDbServer.createDatabase(port, database, database, password);
        Flyway.configure()
                .dataSource("jdbc:mysql://127.0.0.1:" + port + "/" + database, database, password)
                .locations("classpath:db/migration")
                .table("flyway_history_ingest")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Test
    void everyPublishedViewHasTheColumnsAndTypesAnalyticsApiReads() throws Exception {
        try (Connection c = MariaDbServer.connect(port, database, database, password)) {
            for (Map.Entry<String, List<String>> view : CONTRACT.entrySet()) {
                assertEquals(view.getValue(), columns(c, view.getKey()), view.getKey());
            }
        }
    }

    @Test
    void thePublishedViewsAreExactlyTheContract() throws Exception {
        List<String> views = new ArrayList<>();
        try (Connection c = MariaDbServer.connect(port, database, database, password);
                PreparedStatement s = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.VIEWS "
                        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE 'api\\_%' ORDER BY TABLE_NAME")) {
            s.setString(1, database);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    views.add(r.getString(1));
                }
            }
        }
        assertEquals(CONTRACT.keySet().stream().sorted().toList(), views);
    }

    private static List<String> columns(Connection c, String view) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            s.setString(1, database);
            s.setString(2, view);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1) + " " + r.getString(2));
                }
            }
        }
        return out;
    }
}
