package io.retailpulse.stack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The whole platform on this machine: Kafka and MariaDB (unless external ones are configured), the topics, the
 * database and its user, then the four services as separate JVMs, each checked for readiness.
 *
 * <p>Attached ({@link StackConfig#detached()} false), {@link #close()} stops everything and nothing outlives this
 * JVM. Detached, the processes run on in their own sessions; they are recorded in {@code <state>/pids} and a later
 * start reuses those that still run.
 */
public final class LocalStack implements AutoCloseable {
    public static final String KAFKA = "kafka";
    public static final String MARIADB = "mariadb";
    public static final String DATABASE = "retailpulse";
    public static final String DB_USER = "pulse";
    private static final Logger LOG = Logger.getLogger(LocalStack.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;
    private final PidRegistry pids;
    private final String apiKey;
    /** Instances per service for this start: {@code --replicas}, else as many as the last start recorded. */
    private final int replicas;

    private final List<String> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private volatile KafkaBroker kafka;
    private volatile MariaDbServer mariaDb;
    private String kafkaBootstrap;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;

    private LocalStack(StackConfig config) {
        this.config = config;
        this.pids = new PidRegistry(config.pidDir());
        this.apiKey = config.apiKey()
                .orElseGet(() -> Secrets.readOrCreate(config.stateDir().resolve("api-key"), 32));
        this.replicas = config.replicas().orElseGet(() -> recordedReplicas(config));
    }

    /** The most instances of any service that an earlier detached start recorded (dead or alive), at least 1. */
    static int recordedReplicas(StackConfig config) {
        int most = 1;
        for (PidFile pid : new PidRegistry(config.pidDir()).all()) {
            for (String service : config.servicePorts().keySet()) {
                most = Math.max(most, StackConfig.instanceOf(service, pid.component()) + 1);
            }
        }
        return most;
    }

    /** Every recorded service instance (any service, any k), alive or not. */
    static List<String> recordedServiceInstances(StackConfig config) {
        return new PidRegistry(config.pidDir())
                .all().stream()
                        .map(PidFile::component)
                        .filter(component -> config.servicePorts().keySet().stream()
                                .anyMatch(service -> StackConfig.instanceOf(service, component) >= 0))
                        .sorted()
                        .toList();
    }

    /**
     * Starts (or, detached, reuses) every component and returns once each service reports ready.
     *
     * <p>On failure, an attached start stops what it started. A detached start ({@code ./pulse up}) stops nothing:
     * what it brought back and what already ran keep running, recorded for {@code status} and {@code down}, and
     * the exception names every service that is not ready, why, and where its log is. Stopping a healthy service
     * because another one is unhealthy would turn one failure into two.
     */
    public static LocalStack start(StackConfig config) {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            if (!config.detached()) {
                stack.close();
                throw e;
            }
            throw stack.leftRunning(e);
        }
    }

    /** The failure, plus what a detached start leaves running (nothing is stopped). */
    private RuntimeException leftRunning(RuntimeException failure) {
        List<String> running = pids.all().stream()
                .filter(pid -> pid.liveProcess().isPresent())
                .map(PidFile::component)
                .sorted()
                .toList();
        if (running.isEmpty()) {
            return failure;
        }
        List<String> ours = startedComponents();
        String restarted = ours.isEmpty() ? "" : " (started now: " + String.join(", ", ours) + ")";
        return new StackException(
                failure.getMessage() + "\nStill running, nothing was stopped: " + String.join(", ", running) + restarted
                        + ". ./pulse status shows them, ./pulse down stops them.",
                failure);
    }

    private void startAll() {
        config.servicePorts()
                .keySet()
                .forEach(service -> ServiceProcess.requireJar(service, config.serviceJar(service)));
        checkPorts();
        stopSurplusInstances();
        CompletableFuture<Void> kafkaReady = CompletableFuture.runAsync(this::startKafka);
        CompletableFuture<Void> dbReady = CompletableFuture.runAsync(this::startDatabase);
        // Let both finish before reporting a failure, so that close() sees everything that was started.
        CompletableFuture.allOf(kafkaReady, dbReady).exceptionally(e -> null).join();
        join(kafkaReady);
        join(dbReady);
        long topicsStarted = System.nanoTime();
        KafkaTopics.ensure(kafkaBootstrap, config.kafkaClientConfig(), KafkaTopics.partitions(3));
        LOG.debugf("topics ready in %.1f s", seconds(topicsStarted));
        // Instance 0 of every service first: it runs the Flyway migrations alone, and eight JVMs booting at once on
        // two cores made JDBC connections time out. The other instances start once the first ones are ready.
        awaitServicesReady(startServices(0, 1));
        if (replicas > 1) {
            awaitServicesReady(startServices(1, replicas));
        }
    }

    /** Fails before starting anything when a port we need is held by a process that is not ours. */
    private void checkPorts() {
        if (config.externalKafka().isEmpty() && reusable(KAFKA).isEmpty()) {
            FreePorts.requireFree(config.kafkaPort(), "Kafka");
            FreePorts.requireFree(config.kafkaControllerPort(), "Kafka controller");
        }
        if (config.externalDbUrl().isEmpty() && reusable(MARIADB).isEmpty()) {
            FreePorts.requireFree(config.dbPort(), "MariaDB");
        }
        for (String service : config.servicePorts().keySet()) {
            for (int k = 0; k < replicas; k++) {
                String component = StackConfig.component(service, k);
                if (reusable(component).isEmpty()) {
                    FreePorts.requireFree(config.servicePort(service, k), component);
                }
            }
        }
    }

    /** {@code up --replicas N} after a start with more: instances N and up are stopped (scale down). */
    private void stopSurplusInstances() {
        if (!config.detached()) {
            return;
        }
        List<String> surplus = recordedServiceInstances(config).stream()
                .filter(component -> config.servicePorts().keySet().stream()
                        .anyMatch(service -> StackConfig.instanceOf(service, component) >= replicas))
                .toList();
        if (!surplus.isEmpty()) {
            List<String> stopped = pids.stop(List.of(surplus), STOP_GRACE);
            LOG.infof(
                    "Scaled down to %d instance(s) per service: stopped %s",
                    replicas, stopped.isEmpty() ? "nothing (they were gone)" : String.join(", ", stopped));
        }
    }

    private void startKafka() {
        Optional<String> external = config.externalKafka();
        if (external.isPresent()) {
            kafkaBootstrap = external.get();
            LOG.infof("Kafka        external, %s", kafkaBootstrap);
            return;
        }
        Optional<PidFile> running = reusable(KAFKA);
        if (running.isPresent()) {
            kafkaBootstrap = "127.0.0.1:" + running.get().port();
            LOG.infof(
                    "Kafka        already running on %s (pid %d)",
                    kafkaBootstrap, running.get().pid());
            return;
        }
        Optional<PidFile> gone = recordedBefore(KAFKA);
        long begin = System.nanoTime();
        KafkaBroker broker = new KafkaBroker(
                        config.stateDir().resolve("kafka"), config.kafkaPort(), config.kafkaControllerPort())
                .withClasspath(kafkaClasspath())
                .withLogFile(config.logDir().resolve("kafka.log"));
        kafka = broker;
        if (config.detached()) {
            broker.startDetached();
        } else {
            broker.start();
        }
        record(KAFKA, broker.process(), broker.port());
        kafkaBootstrap = broker.bootstrapServers();
        LOG.infof("Kafka        started on %s in %.1f s%s", kafkaBootstrap, seconds(begin), wasGone(gone));
    }

    private void startDatabase() {
        Optional<String> external = config.externalDbUrl();
        if (external.isPresent()) {
            dbUrl = external.get();
            dbUser = config.externalDbUser();
            dbPassword = config.externalDbPassword();
            LOG.infof("MariaDB      external, %s", dbUrl);
            return;
        }
        dbUser = DB_USER;
        dbPassword = Secrets.readOrCreate(config.stateDir().resolve("db-password"), 24);
        Optional<PidFile> running = reusable(MARIADB);
        int port;
        if (running.isPresent()) {
            port = running.get().port();
            LOG.infof(
                    "MariaDB      already running on 127.0.0.1:%d (pid %d)",
                    port, running.get().pid());
        } else {
            Optional<PidFile> gone = recordedBefore(MARIADB);
            long begin = System.nanoTime();
            // Always loopback, whatever PULSE_BIND_HOST says: no TLS, and root has no password (docs/bi.md).
            MariaDbServer server = new MariaDbServer(config.stateDir().resolve("mariadb"), config.dbPort());
            mariaDb = server;
            if (config.detached()) {
                server.startDetached();
            } else {
                server.start();
            }
            record(MARIADB, server.process(), server.port());
            port = server.port();
            LOG.infof("MariaDB      started on 127.0.0.1:%d in %.1f s%s", port, seconds(begin), wasGone(gone));
        }
        MariaDbServer.createDatabase(port, DATABASE, DB_USER, dbPassword);
        dbUrl = "mysql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /**
     * Every instance of every service: instance k of a service on its port + 10·k, with the same configuration as
     * the others, so all instances of a role share its Kafka consumer groups and split the partitions.
     */
    private List<ServiceProcess> startServices(int fromInstance, int toInstance) {
        List<ServiceProcess> started = new ArrayList<>();
        for (int k = fromInstance; k < toInstance; k++) {
            for (String service : config.servicePorts().keySet()) {
                started.add(startInstance(service, k));
            }
        }
        return started;
    }

    private ServiceProcess startInstance(String service, int k) {
        String component = StackConfig.component(service, k);
        Path log = config.logDir().resolve(component + ".log");
        Optional<PidFile> running = reusable(component);
        if (running.isPresent() && restartIfLivenessDown(component, running.get())) {
            running = Optional.empty();
        }
        if (running.isPresent()) {
            ServiceProcess adopted = ServiceProcess.adopt(
                    component, running.get().port(), running.get().liveProcess().orElseThrow(), log);
            services.put(component, adopted);
            LOG.infof(
                    "%-12s already running (pid %d), left as it is",
                    component, running.get().pid());
            return adopted;
        }
        // A recorded process that is gone (killed, crashed): say so, it is the reason for this start.
        Optional<PidFile> gone = recordedBefore(component);
        int port = config.servicePort(service, k);
        ServiceProcess process = ServiceProcess.start(
                service,
                component,
                config.serviceJar(service),
                port,
                config.bindHost(),
                instanceEnvironment(k),
                config.serviceJavaOptions(),
                log,
                config.detached());
        services.put(component, process);
        record(component, process.process(), port);
        gone.ifPresent(pid -> LOG.infof(
                "%-12s was not running (pid %d is gone): started again (pid %d)",
                component, pid.pid(), process.process().pid()));
        return process;
    }

    /**
     * What Kubernetes does with a liveness probe, once, at {@code up}: a service that runs but answers its liveness
     * check with DOWN (503; e.g. a consumer channel that gave up after its retry window while Kafka or MySQL was
     * away) is stopped, so that it is started again and resumes from its last committed offsets. A service that
     * does not answer at all is left alone: it may still be starting.
     */
    private boolean restartIfLivenessDown(String component, PidFile running) {
        HealthCheck.Readiness live = HealthCheck.probeLiveness(URI.create("http://127.0.0.1:" + running.port()));
        if (live.status() != 503) {
            return false;
        }
        LOG.infof(
                "%-12s running (pid %d) but its liveness check is DOWN%s: stopping it to start it again",
                component,
                running.pid(),
                live.downChecks().isEmpty() ? "" : " (" + String.join("; ", live.downChecks()) + ")");
        running.liveProcess().ifPresent(p -> Processes.stop(p, Duration.ofSeconds(30)));
        return true;
    }

    /**
     * The shared environment plus what must differ per instance of ingest: its spool directory and its Kafka
     * transactional id (unique per running instance, stable across restarts; instance 0 keeps the default
     * {@code ingest-1}). Both are ingest's own settings; the other services ignore them.
     */
    private Map<String, String> instanceEnvironment(int k) {
        Map<String, String> env = serviceEnvironment();
        if (k > 0) {
            env.put("PULSE_INGEST_PRODUCER_ID", "ingest-" + (k + 1));
            env.put(
                    "PULSE_INGEST_SPOOL_DIR",
                    config.stateDir()
                            .resolve("ingest-spool-" + k)
                            .toAbsolutePath()
                            .toString());
        }
        return env;
    }

    /** The environment every service gets: where Kafka and the database are, the API key, state folders. */
    private Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(config.kafkaClientEnv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("PULSE_DB_URL", dbUrl);
        env.put("PULSE_DB_USER", dbUser);
        env.put("PULSE_DB_PASSWORD", dbPassword);
        env.put("PULSE_API_KEY", apiKey);
        // ingest's durable spool (windows held while Kafka is down) belongs with the rest of the state.
        env.put(
                "PULSE_INGEST_SPOOL_DIR",
                config.stateDir().resolve("ingest-spool").toAbsolutePath().toString());
        return env;
    }

    /**
     * Waits, up to the health timeout, until every service is ready. Services that exit or stay unready are all
     * reported together (which check is DOWN, the log file and its tail); none is stopped here.
     */
    private void awaitServicesReady(List<ServiceProcess> starting) {
        long begin = System.nanoTime();
        long deadline = begin + config.healthTimeout().toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(starting);
        Map<String, String> problems = new LinkedHashMap<>();
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : List.copyOf(waiting)) {
                HealthCheck.Readiness readiness = HealthCheck.probe(service.uri());
                if (readiness.ready()) {
                    waiting.remove(service);
                    LOG.infof("%-12s ready on %s (%.1f s)", service.name(), service.uri(), seconds(begin));
                } else if (!service.process().isAlive()) {
                    waiting.remove(service);
                    problems.put(
                            service.name(),
                            "service " + service.name() + " (pid "
                                    + service.process().pid()
                                    + ") exited before it was ready, see " + display(service.logFile()) + "\n"
                                    + LogTail.of(service.logFile(), 30, LocalStack::notAHealthReport));
                } else if (System.nanoTime() > deadline) {
                    waiting.remove(service);
                    problems.put(
                            service.name(),
                            "service " + service.name() + " (pid "
                                    + service.process().pid()
                                    + ", " + service.uri() + ") is still not ready after "
                                    + config.healthTimeout().toSeconds() + " s (PULSE_HEALTH_TIMEOUT): "
                                    + readiness.describe()
                                    + "; see " + display(service.logFile()) + "\n"
                                    + LogTail.of(service.logFile(), 15, LocalStack::notAHealthReport));
                }
            }
            if (!waiting.isEmpty()) {
                sleep(500);
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException(String.join("\n", problems.values()) + "\nNot ready: "
                    + String.join(", ", problems.keySet()) + ".");
        }
    }

    /** SmallRye Health logs every DOWN answer (SRHCK01001): our own probes, every 500 ms, would fill the tail. */
    private static boolean notAHealthReport(String line) {
        return !line.contains("SRHCK01001");
    }

    /** Detached starts reuse what a previous start recorded and what still runs. */
    private Optional<PidFile> reusable(String component) {
        if (!config.detached()) {
            return Optional.empty();
        }
        return pids.find(component).filter(pid -> pid.liveProcess().isPresent());
    }

    /** ", again: pid N was gone" when an earlier start recorded the component and it no longer runs. */
    private String wasGone(Optional<PidFile> recorded) {
        return recorded.map(pid -> ", again: pid " + pid.pid() + " was gone").orElse("");
    }

    /** What an earlier detached start recorded; called only once {@link #reusable} found nothing alive. */
    private Optional<PidFile> recordedBefore(String component) {
        return config.detached() ? pids.find(component) : Optional.empty();
    }

    private void record(String component, ProcessHandle process, int port) {
        pids.record(component, process, port);
        synchronized (started) {
            started.add(component);
        }
    }

    /** {@code <home>/stack/target/lib/*} when built; otherwise what {@link JavaCommand} finds. */
    private String kafkaClasspath() {
        Path lib = config.home().resolve("stack/target/lib");
        if (java.nio.file.Files.isDirectory(lib)
                && java.nio.file.Files.exists(lib.resolve(
                        "kafka_2.13-" + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ".jar"))) {
            return lib + java.io.File.separator + "*";
        }
        return JavaCommand.kafkaClasspath();
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** {@code mysql://host:port/db}, as the services take it. */
    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public String apiKey() {
        return apiKey;
    }

    /** Instances per service in this stack. */
    public int replicas() {
        return replicas;
    }

    /** {@code http://127.0.0.1:<port>} of every instance of a service, instance 0 first. */
    public List<URI> serviceUris(String service) {
        List<URI> uris = new ArrayList<>();
        for (int k = 0; k < replicas; k++) {
            ServiceProcess process = services.get(StackConfig.component(service, k));
            if (process != null) {
                uris.add(process.uri());
            }
        }
        return uris;
    }

    /** {@code http://127.0.0.1:<port>} of a service (its instance 0), e.g. {@code serviceUri("ingest")}. */
    public URI serviceUri(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException(
                    "service " + service + " is not part of this stack: " + services.keySet());
        }
        return process.uri();
    }

    /** The components this start launched (the others were external or already running). */
    public List<String> startedComponents() {
        synchronized (started) {
            return List.copyOf(started);
        }
    }

    public StackConfig config() {
        return config;
    }

    /** Stops what this instance started: the services first, then Kafka, then MariaDB. */
    @Override
    public void close() {
        List<String> ours = startedComponents();
        List<String> ourServices = ours.stream()
                .filter(c -> !KAFKA.equals(c) && !MARIADB.equals(c))
                .toList();
        pids.stop(
                List.of(ourServices, List.of(KAFKA), List.of(MARIADB)).stream()
                        .map(group -> group.stream().filter(ours::contains).toList())
                        .toList(),
                STOP_GRACE);
        // Components that failed before they were recorded.
        if (kafka != null) {
            kafka.stop();
        }
        if (mariaDb != null) {
            mariaDb.stop();
        }
        synchronized (started) {
            started.clear();
        }
    }

    private String display(Path path) {
        Path relative = path.startsWith(config.home()) ? config.home().relativize(path) : path;
        return relative.toString();
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the services");
        }
    }
}
