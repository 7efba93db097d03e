package io.retailpulse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A real MariaDB server process on 127.0.0.1, with its data, socket, pid file and logs under one directory.
 * The local root account has no password (install-db's "normal" authentication), which is acceptable because the
 * server only listens on the loopback interface; applications get their own users via {@link #createDatabase}.
 */
public final class MariaDbServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MariaDbServer.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int MAX_SOCKET_PATH = 100;

    private final Path dir;
    private final int port;
    private final MariaDbDistribution distribution;
    private Duration startTimeout = Duration.ofSeconds(90);
    private ProcessHandle process;

    /** A server keeping everything under {@code dir}; binaries from {@link MariaDbDistribution#locate()}. */
    public MariaDbServer(Path dir, int port) {
        this(dir, port, MariaDbDistribution.locate());
    }

    public MariaDbServer(Path dir, int port, MariaDbDistribution distribution) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.distribution = distribution;
    }

    public MariaDbServer withStartTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Starts the server as a child that is stopped by {@link #stop()} or at the latest when this JVM ends. */
    public MariaDbServer start() {
        return start(false);
    }

    /** Starts the server in its own session so that it outlives this JVM; record {@link #process()} to stop it. */
    public MariaDbServer startDetached() {
        return start(true);
    }

    private MariaDbServer start(boolean detached) {
        if (process != null && process.isAlive()) {
            return this;
        }
        FreePorts.requireFree(port, "MariaDB");
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir.resolve("run"));
            Files.createDirectories(dir.resolve("tmp"));
            initialiseDataDir();
            process =
                    Processes.start("mariadbd", serverCommand(), Map.of(), dir, dir.resolve("mariadbd.out"), detached);
        } catch (IOException e) {
            throw new StackException("cannot start MariaDB in " + dir + ": " + e.getMessage(), e);
        }
        awaitReady();
        LOG.debugf(
                "MariaDB is up on 127.0.0.1:%d (pid %d, %s) in %.1f s",
                port, process.pid(), distribution.mariadbd(), (System.nanoTime() - started) / 1e9);
        return this;
    }

    private void initialiseDataDir() throws IOException {
        Path marker = dir.resolve("initialised");
        if (Files.exists(marker)) {
            return;
        }
        // No marker means never installed, or an install that broke off half way: start from scratch.
        MariaDbDistribution.deleteTree(dataDir());
        Files.createDirectories(dataDir());
        List<String> command = new ArrayList<>(List.of(distribution.installDb().toString(), "--no-defaults"));
        if (!distribution.system()) {
            command.add("--basedir=" + distribution.basedir());
        }
        command.addAll(List.of(
                "--datadir=" + dataDir(),
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                "--force"));
        if (runningAsRoot()) {
            command.add("--user=root");
        }
        Path log = dir.resolve("install-db.log");
        ProcessHandle install = Processes.start("mariadb-install-db", command, Map.of(), dir, log, false);
        if (!Processes.awaitExit(install, Duration.ofMinutes(3))) {
            Processes.stop(install, Duration.ofSeconds(5));
            throw new StackException("mariadb-install-db did not finish within 3 minutes, see " + log);
        }
        if (!Files.isDirectory(dataDir().resolve("mysql"))) {
            throw new StackException("mariadb-install-db failed, see " + log + "\n" + LogTail.of(log, 20));
        }
        Files.writeString(marker, distribution.mariadbd() + "\n");
    }

    private List<String> serverCommand() {
        List<String> command = new ArrayList<>(List.of(
                distribution.mariadbd().toString(),
                "--no-defaults", // must come first: never read /etc/mysql or ~/.my.cnf
                "--basedir=" + distribution.basedir(),
                "--datadir=" + dataDir(),
                "--tmpdir=" + dir.resolve("tmp"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + socketPath(),
                "--pid-file=" + dir.resolve("run/mariadbd.pid"),
                "--log-error=" + errorLog(),
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                // Sized for a laptop running the whole stack; durability per second is enough locally.
                "--innodb-buffer-pool-size=128M",
                "--innodb-flush-log-at-trx-commit=2",
                "--max-connections=300",
                "--max-allowed-packet=64M",
                "--performance-schema=OFF",
                // 11.4 generates a TLS key pair on every start (2-5 s of CPU); loopback needs no TLS.
                "--skip-ssl"));
        if (runningAsRoot()) {
            command.add("--user=root"); // mariadbd refuses to run as root without it
        }
        return command;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException(
                        "MariaDB exited during startup, see " + errorLog() + "\n" + LogTail.of(errorLog(), 25));
            }
            try (Connection ignored = connectAsRoot("")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(200);
        }
        Processes.stop(process, Duration.ofSeconds(10));
        throw new StackException("MariaDB did not accept connections on 127.0.0.1:" + port + " within "
                + startTimeout.toSeconds() + " s (" + (last == null ? "" : last.getMessage()) + "), see "
                + errorLog() + "\n" + LogTail.of(errorLog(), 25));
    }

    /** Creates the database and a user owning it (idempotent; an existing user gets {@code password}). */
    public void createDatabase(String database, String user, String password) {
        createDatabase(port, database, user, password);
    }

    /** As {@link #createDatabase(String, String, String)}, for a server on {@code port} started elsewhere. */
    public static void createDatabase(int port, String database, String user, String password) {
        requireIdentifier(database);
        requireIdentifier(user);
        String quotedPassword = "'" + password.replace("\\", "\\\\").replace("'", "''") + "'";
        try (Connection connection = connect(port, "", "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4");
            statement.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY " + quotedPassword);
            statement.execute("ALTER USER '" + user + "'@'%' IDENTIFIED BY " + quotedPassword);
            statement.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO '" + user + "'@'%'");
        } catch (SQLException e) {
            throw new StackException(
                    "cannot create database " + database + " on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** A root connection over TCP; {@code database} may be empty. */
    public Connection connectAsRoot(String database) throws SQLException {
        return connect(port, database, "root", "");
    }

    /** A JDBC connection that bypasses DriverManager, which misbehaves across class loaders in Quarkus tests. */
    public static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2000");
        return new org.mariadb.jdbc.Driver().connect(jdbcUrl(port, database), properties);
    }

    public static String jdbcUrl(int port, String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** The URL form the services take in {@code PULSE_DB_URL}: {@code mysql://127.0.0.1:<port>/<database>}. */
    public String url(String database) {
        return "mysql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path errorLog() {
        return dir.resolve("mariadb.log");
    }

    /** The server process, or null before {@link #start()}. */
    public ProcessHandle process() {
        return process;
    }

    /** Graceful shutdown (SIGTERM lets InnoDB flush), killing it only if it hangs. */
    public void stop() {
        if (process != null && process.isAlive()) {
            Processes.stop(process, STOP_GRACE);
            LOG.debugf("MariaDB on port %d stopped", port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path socketPath() {
        Path socket = dir.resolve("run/mariadbd.sock");
        // Unix socket paths are limited to 108 bytes; deep state directories fall back to /tmp.
        return socket.toString().length() <= MAX_SOCKET_PATH
                ? socket
                : Path.of("/tmp", "pulse-mariadb-" + port + ".sock");
    }

    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for MariaDB");
        }
    }
}
