package io.retailpulse.forecasting;

import io.retailpulse.stack.MariaDbServer;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The read contract forecasting publishes for analytics-api (issue 16, "contracts, not reach-ins"): after this
 * module's own migrations, every api_* view exists with exactly these columns, in this order, of these types.
 * A migration that renames, drops or retypes one fails here, in the owner's build, instead of breaking
 * analytics-api silently. Changing the contract: publish api_&lt;name&gt;_v2 beside the old view (see README).
 */
class ApiViewsContractIT {
    /** View to "column type" in order; types as MariaDB's information_schema.COLUMNS.COLUMN_TYPE spells them. */
    static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put("api_sales_daily", List.of("sale_date date", "store_id varchar(64)", "product_id varchar(64)",
                "units bigint(20)", "revenue decimal(20,4)", "transactions int(11)"));
        CONTRACT.put("api_forecast", List.of("run_id bigint(20)", "forecast_date date", "store_id varchar(64)",
                "product_id varchar(64)", "yhat double", "yhat_lower double", "yhat_upper double", "trend double",
                "weekly double", "yearly double", "holidays double", "components text", "model varchar(32)"));
        CONTRACT.put("api_forecast_run", List.of("run_id bigint(20)", "status varchar(16)", "as_of_date date",
                "started_at datetime(3)", "finished_at datetime(3)"));
    }

    private static int port;
    private static String database;
    private static String password;

    @BeforeAll
    static void migrate() {
        // A database of its own on the test JVM's MariaDB (not MariaDbTestResource.start(), which would repoint
        // the "latest database" other tests of this JVM read through MariaDbTestResource.connection()).
        port = MariaDbTestResource.serverPort();
        database = "contract_" + UUID.randomUUID().toString().substring(0, 8);
        password = UUID.randomUUID().toString().replace("-", "");
        MariaDbServer.createDatabase(port, database, database, password);
        Flyway.configure()
                .dataSource("jdbc:mysql://127.0.0.1:" + port + "/" + database, database, password)
                .locations("classpath:db/migration")
                .table("flyway_history_forecasting")
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
