package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.stack.testing.MariaDbTestResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbServerIT {
    @TempDir
    Path dir;

    @Test
    void startsCreatesADatabaseForAUserAndStopsAndRestartsWithItsData() throws SQLException {
        int port = FreePorts.find();
        try (MariaDbServer server = new MariaDbServer(dir, port).start()) {
            server.createDatabase("shop", "clerk", "s3cret'pw");
            try (Connection connection = MariaDbServer.connect(port, "shop", "clerk", "s3cret'pw");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE sale (id INT PRIMARY KEY, units INT)");
                statement.execute("INSERT INTO sale VALUES (1, 7), (2, 5)");
                assertEquals(12, sum(statement, "SELECT SUM(units) FROM sale"));
            }
            assertThrows(SQLException.class, () -> MariaDbServer.connect(port, "shop", "clerk", "wrong"));
        }
        assertTrue(FreePorts.isFree(port), "the port is released after stop()");

        // The data directory is kept: a second start finds the table and does not run install-db again.
        try (MariaDbServer server = new MariaDbServer(dir, port).start();
                Connection connection = MariaDbServer.connect(port, "shop", "clerk", "s3cret'pw");
                Statement statement = connection.createStatement()) {
            assertEquals(12, sum(statement, "SELECT SUM(units) FROM sale"));
            assertTrue(server.process().isAlive());
        }
    }

    @Test
    void refusesAPortThatIsTaken() {
        int port = FreePorts.find();
        try (var ignored = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            StackException error = assertThrows(StackException.class, () -> new MariaDbServer(dir, port).start());
            assertTrue(error.getMessage().contains("port " + port), error.getMessage());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void testResourceGivesEachStartAFreshDatabase() throws SQLException {
        MariaDbTestResource resource = new MariaDbTestResource();
        Map<String, String> first = resource.start();
        try (Connection connection = MariaDbTestResource.connection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INT)");
            statement.execute("INSERT INTO t VALUES (41), (1)");
            assertEquals(42, sum(statement, "SELECT SUM(id) FROM t"));
        }
        Map<String, String> second = resource.start();
        assertNotEquals(first.get("pulse.db.url"), second.get("pulse.db.url"));
        assertTrue(second.get("pulse.db.url").matches("mysql://127\\.0\\.0\\.1:\\d+/test_\\d+"), second.toString());
        try (Connection connection = MariaDbTestResource.connection();
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SHOW TABLES")) {
            assertFalse(tables.next(), "the new database is empty");
        }
    }

    private static long sum(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
