package io.retailpulse.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Everything {@link LocalStack} needs to know: where the project and its state live, ports, external resources. */
public final class StackConfig {
    /** The services in start-up order, with their default ports (INTERFACES.md). */
    public static final Map<String, Integer> DEFAULT_SERVICE_PORTS = defaultServicePorts();
    /** Environment variables handed to the services as they are, when set: a managed Kafka's security. */
    /** The default bind address: the loopback interface only. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Every interface; the stack still reaches its own components through 127.0.0.1. */
    public static final String ALL_INTERFACES = "0.0.0.0";

    public static final List<String> KAFKA_CLIENT_ENV = List.of(
            "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_LOCATION",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD");

    private final Path home;
    private final Path stateDir;
    private final String externalKafka;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final Map<String, String> kafkaClientEnv;
    private final String externalDbUrl;
    private final String externalDbUser;
    private final String externalDbPassword;
    private final int dbPort;
    private final Map<String, Integer> servicePorts;
    private final String apiKey;
    private final Duration healthTimeout;
    private final boolean detached;
    private final List<String> serviceJavaOptions;
    private final String bindHost;
    private final Integer replicas;

    private StackConfig(Builder builder) {
        this.home = builder.home.toAbsolutePath().normalize();
        this.stateDir = (builder.stateDir != null ? builder.stateDir : home.resolve(".pulse")).toAbsolutePath();
        this.externalKafka = builder.externalKafka;
        this.kafkaPort = builder.kafkaPort;
        this.kafkaControllerPort = builder.kafkaControllerPort;
        this.kafkaClientEnv = Map.copyOf(builder.kafkaClientEnv);
        this.externalDbUrl = builder.externalDbUrl == null ? null : DbUrl.normalise(builder.externalDbUrl);
        this.externalDbUser = builder.externalDbUser;
        this.externalDbPassword = builder.externalDbPassword;
        this.dbPort = builder.dbPort;
        this.servicePorts = Collections.unmodifiableMap(new LinkedHashMap<>(builder.servicePorts));
        this.apiKey = builder.apiKey;
        this.healthTimeout = builder.healthTimeout;
        this.detached = builder.detached;
        this.serviceJavaOptions = List.copyOf(builder.serviceJavaOptions);
        this.bindHost = builder.bindHost;
        this.replicas = builder.replicas;
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /**
     * The configuration {@code ./pulse} uses: defaults, overridden by {@code KAFKA_BOOTSTRAP_SERVERS},
     * {@code PULSE_DB_URL}/{@code _USER}/{@code _PASSWORD}, {@code PULSE_KAFKA_PORT}, {@code PULSE_DB_PORT},
     * {@code PULSE_<SERVICE>_PORT} (e.g. {@code PULSE_ANALYTICS_API_PORT}), {@code PULSE_API_KEY},
     * {@code PULSE_HEALTH_TIMEOUT} (seconds), {@code PULSE_SERVICE_JAVA_OPTS}, {@code PULSE_STATE_DIR},
     * {@code PULSE_BIND_HOST} and {@code PULSE_REPLICAS} (what {@code up --replicas N} sets).
     */
    public static StackConfig fromEnvironment(Path home, Map<String, String> env) {
        Builder builder = builder(home).detached(true);
        value(env, "PULSE_STATE_DIR").map(Path::of).ifPresent(builder::stateDir);
        value(env, "KAFKA_BOOTSTRAP_SERVERS").ifPresent(builder::externalKafka);
        value(env, "PULSE_DB_URL")
                .ifPresent(url -> builder.externalDatabase(
                        url,
                        value(env, "PULSE_DB_USER")
                                .orElseThrow(() ->
                                        new StackException("PULSE_DB_URL is set, so PULSE_DB_USER must be set too")),
                        value(env, "PULSE_DB_PASSWORD").orElse("")));
        value(env, "PULSE_KAFKA_PORT")
                .map(v -> port(v, "PULSE_KAFKA_PORT"))
                .ifPresent(port -> builder.kafkaPort(port).kafkaControllerPort(port + 1));
        value(env, "PULSE_KAFKA_CONTROLLER_PORT")
                .map(v -> port(v, "PULSE_KAFKA_CONTROLLER_PORT"))
                .ifPresent(builder::kafkaControllerPort);
        value(env, "PULSE_DB_PORT").map(v -> port(v, "PULSE_DB_PORT")).ifPresent(builder::dbPort);
        for (String service : DEFAULT_SERVICE_PORTS.keySet()) {
            String name = "PULSE_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
            value(env, name).map(v -> port(v, name)).ifPresent(port -> builder.servicePort(service, port));
        }
        value(env, "PULSE_API_KEY").ifPresent(builder::apiKey);
        value(env, "PULSE_HEALTH_TIMEOUT")
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .ifPresent(builder::healthTimeout);
        value(env, "PULSE_SERVICE_JAVA_OPTS")
                .map(v -> List.of(v.trim().split("\\s+")))
                .ifPresent(builder::serviceJavaOptions);
        for (String name : KAFKA_CLIENT_ENV) {
            value(env, name).ifPresent(v -> builder.kafkaClientEnv(name, v));
        }
        value(env, "PULSE_BIND_HOST").map(String::trim).ifPresent(builder::bindHost);
        value(env, "PULSE_REPLICAS").map(StackConfig::replicaCount).ifPresent(builder::replicas);
        return builder.build();
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static int port(String value, String name) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new StackException(name + " must be a port number, not '" + value + "'");
    }

    /** The upper bound keeps instance ports (port + 10·k) clear of the next service's range and of 65535. */
    public static final int MAX_REPLICAS = 9;

    static int replicaCount(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_REPLICAS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new StackException("--replicas (PULSE_REPLICAS) must be a whole number from 1 to " + MAX_REPLICAS
                + ", not '" + value + "'");
    }

    /**
     * Instance {@code k} (0-based) of a service as the PID files, logs and {@code status} name it: instance 0 keeps
     * the plain service name (so a one-replica stack looks exactly as before), instance k is {@code <service>-k}.
     */
    public static String component(String service, int instance) {
        return instance == 0 ? service : service + "-" + instance;
    }

    /** The instance number of {@code component} if it is an instance of {@code service}, else -1. */
    public static int instanceOf(String service, String component) {
        if (component.equals(service)) {
            return 0;
        }
        String prefix = service + "-";
        if (component.startsWith(prefix) && component.substring(prefix.length()).matches("[1-9]")) {
            return Integer.parseInt(component.substring(prefix.length()));
        }
        return -1;
    }

    /** The HTTP port of instance {@code k} of a service: its port + 10·k (INTERFACES.md). */
    public int servicePort(String service, int instance) {
        Integer base = servicePorts.get(service);
        if (base == null) {
            throw new IllegalArgumentException(
                    "unknown service " + service + ", expected one of " + servicePorts.keySet());
        }
        return base + 10 * instance;
    }

    /**
     * How many instances of each service {@code up} should run, when {@code --replicas} (or {@code PULSE_REPLICAS})
     * says so; empty means "as many as the last {@code up} recorded", 1 for a fresh stack.
     */
    public Optional<Integer> replicas() {
        return Optional.ofNullable(replicas);
    }

    public Path home() {
        return home;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    public Path pidDir() {
        return stateDir.resolve("pids");
    }

    /** The bootstrap servers of a Kafka the user runs, or empty when the stack starts its own. */
    public Optional<String> externalKafka() {
        return Optional.ofNullable(externalKafka);
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int kafkaControllerPort() {
        return kafkaControllerPort;
    }

    /** {@code KAFKA_SECURITY_PROTOCOL} and friends, as set by the user. */
    public Map<String, String> kafkaClientEnv() {
        return kafkaClientEnv;
    }

    /** The same settings as Kafka client properties ({@code KAFKA_SASL_MECHANISM} to {@code sasl.mechanism}). */
    public Map<String, String> kafkaClientConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        kafkaClientEnv.forEach((name, value) -> config.put(
                name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value));
        return config;
    }

    /** The {@code mysql://} URL of a database the user runs, or empty when the stack starts MariaDB. */
    public Optional<String> externalDbUrl() {
        return Optional.ofNullable(externalDbUrl);
    }

    public String externalDbUser() {
        return externalDbUser;
    }

    public String externalDbPassword() {
        return externalDbPassword;
    }

    public int dbPort() {
        return dbPort;
    }

    /** Service name to HTTP port, in start-up order. */
    public Map<String, Integer> servicePorts() {
        return servicePorts;
    }

    /** The API key if configured; otherwise the stack uses the one stored in the state directory. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    public Duration healthTimeout() {
        return healthTimeout;
    }

    /** Detached: everything outlives this JVM and is recorded in {@link #pidDir()}; attached: close() ends it. */
    public boolean detached() {
        return detached;
    }

    public List<String> serviceJavaOptions() {
        return serviceJavaOptions;
    }

    /**
     * The address the four services' HTTP servers listen on: {@link #LOOPBACK} by default, so nothing of the local
     * stack is reachable from the network; {@link #ALL_INTERFACES} on request (the dashboard from another device).
     * Kafka and MariaDB listen on 127.0.0.1 whatever this says: the local MariaDB has no TLS and a root without
     * password, and Kafka advertises 127.0.0.1 to its clients.
     */
    public String bindHost() {
        return bindHost;
    }

    public Path serviceJar(String service) {
        return home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Map<String, Integer> defaultServicePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("analytics-api", 8080);
        ports.put("ingest", 8081);
        ports.put("inference", 8082);
        ports.put("forecasting", 8083);
        return Collections.unmodifiableMap(ports);
    }

    /** Defaults: ports 9092/9093/3306 and 8080-8083, state in {@code <home>/.pulse}, attached, 120 s health. */
    public static final class Builder {
        private final Path home;
        private Path stateDir;
        private String externalKafka;
        private int kafkaPort = 9092;
        private int kafkaControllerPort = 9093;
        private final Map<String, String> kafkaClientEnv = new LinkedHashMap<>();
        private String externalDbUrl;
        private String externalDbUser;
        private String externalDbPassword;
        private int dbPort = 3306;
        private final Map<String, Integer> servicePorts = new LinkedHashMap<>(DEFAULT_SERVICE_PORTS);
        private String apiKey;
        private Duration healthTimeout = Duration.ofSeconds(120);
        private boolean detached;
        private List<String> serviceJavaOptions = new ArrayList<>();
        private String bindHost = LOOPBACK;
        private Integer replicas;

        private Builder(Path home) {
            this.home = home;
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder externalKafka(String bootstrapServers) {
            this.externalKafka = bootstrapServers;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        /** One of {@link #KAFKA_CLIENT_ENV}, passed to the services and used when creating topics. */
        public Builder kafkaClientEnv(String name, String value) {
            if (!KAFKA_CLIENT_ENV.contains(name)) {
                throw new IllegalArgumentException(name + " is not one of " + KAFKA_CLIENT_ENV);
            }
            this.kafkaClientEnv.put(name, value);
            return this;
        }

        /** Use this database instead of starting MariaDB; JDBC URLs are accepted and normalised. */
        public Builder externalDatabase(String url, String user, String password) {
            this.externalDbUrl = url;
            this.externalDbUser = user;
            this.externalDbPassword = password;
            return this;
        }

        public Builder dbPort(int port) {
            this.dbPort = port;
            return this;
        }

        /** Overrides the port of one of {@link #DEFAULT_SERVICE_PORTS}. */
        public Builder servicePort(String service, int port) {
            if (!DEFAULT_SERVICE_PORTS.containsKey(service)) {
                throw new IllegalArgumentException(
                        "unknown service " + service + ", expected one of " + DEFAULT_SERVICE_PORTS.keySet());
            }
            this.servicePorts.put(service, port);
            return this;
        }

        /** Starts only these services (e.g. for a test that needs two of them). */
        public Builder onlyServices(List<String> services) {
            this.servicePorts.keySet().retainAll(services);
            return this;
        }

        /** N instances of each service, instance k on the service's port + 10·k. */
        public Builder replicas(int replicas) {
            if (replicas < 1 || replicas > MAX_REPLICAS) {
                throw new StackException("replicas must be from 1 to " + MAX_REPLICAS + ", not " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder healthTimeout(Duration timeout) {
            this.healthTimeout = timeout;
            return this;
        }

        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        public Builder serviceJavaOptions(List<String> options) {
            this.serviceJavaOptions = new ArrayList<>(options);
            return this;
        }

        /**
         * {@link #LOOPBACK} or {@link #ALL_INTERFACES}. Only these two: the launcher, the services and the health
         * checks reach every component through 127.0.0.1, which a bind to one other address would shut out.
         */
        public Builder bindHost(String host) {
            if (!LOOPBACK.equals(host) && !ALL_INTERFACES.equals(host)) {
                throw new StackException("PULSE_BIND_HOST must be " + LOOPBACK + " (the default: this machine only) or "
                        + ALL_INTERFACES + " (every interface), not '" + host + "'");
            }
            this.bindHost = host;
            return this;
        }

        /** Free ports for everything (Kafka, controller, MariaDB, services): for tests next to a running stack. */
        public Builder freePorts() {
            java.util.Set<Integer> taken = new java.util.HashSet<>();
            kafkaPort = distinctFreePort(taken);
            kafkaControllerPort = distinctFreePort(taken);
            dbPort = distinctFreePort(taken);
            servicePorts.replaceAll((service, port) -> distinctFreePort(taken));
            return this;
        }

        private static int distinctFreePort(java.util.Set<Integer> taken) {
            int port;
            do {
                port = FreePorts.find();
            } while (!taken.add(port));
            return port;
        }

        public StackConfig build() {
            return new StackConfig(this);
        }
    }
}
