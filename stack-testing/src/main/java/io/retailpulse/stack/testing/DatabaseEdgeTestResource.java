package io.retailpulse.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A fresh database of the JVM's MariaDB ({@link MariaDbTestResource}) reached through a {@link FreezableTcpProxy},
 * so a test can freeze, cut and restore the service's database with {@link #freeze()}, {@link #cut()} and
 * {@link #restore()}. Use with {@code restrictToAnnotatedClass = true}: the test class gets an application of its
 * own. The datasource keys are set directly as well, so this wins over a module-wide {@code MariaDbTestResource}.
 * State is static: Quarkus and the test share it (as for {@code RestartableBroker}).
 */
public class DatabaseEdgeTestResource implements QuarkusTestResourceLifecycleManager {
    private static FreezableTcpProxy proxy;

    @Override
    public Map<String, String> start() {
        // The class lock, as proxy(): the proxy is static, shared by every instance.
        synchronized (DatabaseEdgeTestResource.class) {
            Map<String, String> db = new MariaDbTestResource().start();
            prepare(db);
            String database = MariaDbTestResource.databaseName();
            proxy = new FreezableTcpProxy("127.0.0.1", MariaDbTestResource.serverPort()).start();
            String url = "mysql://127.0.0.1:" + proxy.port() + "/" + database;
            Map<String, String> config = new HashMap<>(db);
            config.put("pulse.db.url", url);
            config.put("quarkus.datasource.reactive.url", url);
            config.put("quarkus.datasource.jdbc.url", "jdbc:" + url);
            config.put("quarkus.datasource.username", db.get("pulse.db.user"));
            config.put("quarkus.datasource.password", db.get("pulse.db.password"));
            return config;
        }
    }

    /** Runs on the new database, directly (not through the proxy), before the application starts: e.g. schemas. */
    protected void prepare(Map<String, String> db) {}

    /**
     * After a module-wide {@code MariaDbTestResource}: the resource started last gives the application {@code
     * pulse.db.url} and is the one {@link MariaDbTestResource#connection()} reaches; with equal orders that was left
     * to chance.
     */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        synchronized (DatabaseEdgeTestResource.class) {
            if (proxy != null) {
                proxy.close();
                proxy = null;
            }
        }
    }

    /** The database stops answering (as under SIGSTOP); connections stay open. */
    public static void freeze() {
        proxy().freeze();
    }

    /** The database goes away (as under kill -9): connections close, new ones are refused. */
    public static void cut() {
        proxy().cut();
    }

    /** The database is back. */
    public static void restore() {
        proxy().restore();
    }

    private static synchronized FreezableTcpProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("DatabaseEdgeTestResource has not been started");
        }
        return proxy;
    }
}
