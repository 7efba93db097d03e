package io.retailpulse.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.FreePorts;
import io.retailpulse.stack.MariaDbServer;
import io.retailpulse.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * One real MariaDB per test JVM, and a fresh database ({@code test_1}, {@code test_2}, ...) with its own user for
 * every {@link #start()}. Use with {@code @QuarkusTestResource(MariaDbTestResource.class)}; assert rows with
 * {@link #connection()}.
 *
 * <p>Quarkus may load this class once per application class loader, so the shared state lives in system
 * properties, which every class loader of the JVM sees.
 */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {
    private static final String PREFIX = "retailpulse.test.mariadb.";
    private static final String PORT = PREFIX + "port";
    private static final String COUNTER = PREFIX + "counter";
    private static final String DATABASE = PREFIX + "database";
    private static final String USER = PREFIX + "user";
    private static final String PASSWORD = PREFIX + "password";
    // A string literal is interned JVM-wide: the same monitor in every class loader.
    private static final String LOCK = "io.retailpulse.stack.testing.MariaDbTestResource.lock";

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            int port = serverPort();
            int number = Integer.parseInt(System.getProperty(COUNTER, "0")) + 1;
            String database = "test_" + number;
            String password = UUID.randomUUID().toString().replace("-", "");
            MariaDbServer.createDatabase(port, database, database, password);
            System.setProperty(COUNTER, Integer.toString(number));
            System.setProperty(DATABASE, database);
            System.setProperty(USER, database);
            System.setProperty(PASSWORD, password);
            return Map.of(
                    "pulse.db.url", "mysql://127.0.0.1:" + port + "/" + database,
                    "pulse.db.user", database,
                    "pulse.db.password", password);
        }
    }

    @Override
    public void stop() {
        // The server lives until the JVM ends; each test application keeps its own database.
    }

    /** A connection, as the test user, to the database of the latest {@link #start()}. */
    public static Connection connection() throws SQLException {
        String database = System.getProperty(DATABASE);
        if (database == null) {
            throw new IllegalStateException("MariaDbTestResource has not been started in this JVM");
        }
        return MariaDbServer.connect(
                Integer.parseInt(System.getProperty(PORT)),
                database,
                System.getProperty(USER),
                System.getProperty(PASSWORD));
    }

    /** The name of the database of the latest {@link #start()}. */
    public static String databaseName() {
        return System.getProperty(DATABASE);
    }

    /** The port of this JVM's server, starting it on first use. */
    public static int serverPort() {
        synchronized (LOCK) {
            String port = System.getProperty(PORT);
            if (port != null) {
                return Integer.parseInt(port);
            }
            Path dir = createTempDir();
            MariaDbServer server = new MariaDbServer(dir, FreePorts.find()).start();
            ProcessHandle process = server.process();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(process, dir), "mariadb-test-stop"));
            System.setProperty(PORT, Integer.toString(server.port()));
            return server.port();
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("pulse-mariadb-test-");
        } catch (IOException e) {
            throw new StackException("cannot create a temporary directory for MariaDB: " + e.getMessage(), e);
        }
    }

    /** Runs in a shutdown hook, possibly after Quarkus closed our class loader: JDK classes only. */
    private static void stopAndDelete(ProcessHandle process, Path dir) {
        process.destroy();
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Best effort: it is a temporary directory.
        }
    }
}
