package io.retailpulse.stack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.stack.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The read contract an owner publishes for analytics-api (issue 16, "contracts, not reach-ins"): after the owner's
 * own migrations, every api_* view exists with exactly the contract's columns, in its order, of its types, and no
 * other api_* view exists. A migration that renames, drops or retypes one fails in the owner's build instead of
 * breaking analytics-api silently. Each owner has one {@code ApiViewsContractIT extends ApiViewsContract} naming
 * its Flyway history table and its contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiViewsContract {
    private final String flywayHistoryTable;
    private final Map<String, List<String>> contract;
    private int port;
    private String database;
    private String password;

    /**
     * @param contract view to "column type" in order; types as MariaDB's information_schema.COLUMNS.COLUMN_TYPE
     *     spells them
     */
    protected ApiViewsContract(String flywayHistoryTable, Map<String, List<String>> contract) {
        this.flywayHistoryTable = flywayHistoryTable;
        this.contract = contract;
    }

    @BeforeAll
    void migrate() {
        // A database of its own on the test JVM's MariaDB (not MariaDbTestResource.start(), which would repoint
        // the "latest database" other tests of this JVM read through MariaDbTestResource.connection()).
        port = MariaDbTestResource.serverPort();
        database = "contract_" + UUID.randomUUID().toString().substring(0, 8);
        password = UUID.randomUUID().toString().replace("-", "");
        MariaDbServer.createDatabase(port, database, database, password);
        Flyway.configure()
                .dataSource("jdbc:mysql://127.0.0.1:" + port + "/" + database, database, password)
                .locations("classpath:db/migration")
                .table(flywayHistoryTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Test
    void everyPublishedViewHasTheColumnsAndTypesAnalyticsApiReads() throws Exception {
        try (Connection c = MariaDbServer.connect(port, database, database, password)) {
            for (Map.Entry<String, List<String>> view : contract.entrySet()) {
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
        assertEquals(contract.keySet().stream().sorted().toList(), views);
    }

    private List<String> columns(Connection c, String view) throws Exception {
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
