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
    public static final List<String> KAFKA_CLIENT_ENV = List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD");

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
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /**
     * The configuration {@code ./pulse} uses: defaults, overridden by {@code KAFKA_BOOTSTRAP_SERVERS},
     * {@code PULSE_DB_URL}/{@code _USER}/{@code _PASSWORD}, {@code PULSE_KAFKA_PORT}, {@code PULSE_DB_PORT},
     * {@code PULSE_<SERVICE>_PORT} (e.g. {@code PULSE_ANALYTICS_API_PORT}), {@code PULSE_API_KEY},
     * {@code PULSE_HEALTH_TIMEOUT} (seconds), {@code PULSE_SERVICE_JAVA_OPTS}, {@code PULSE_STATE_DIR} and
     * {@code PULSE_BIND_HOST}.
     */
    public static StackConfig fromEnvironment(Path home, Map<String, String> env) {
        Builder builder = builder(home).detached(true);
        value(env, "PULSE_STATE_DIR").map(Path::of).ifPresent(builder::stateDir);
        value(env, "KAFKA_BOOTSTRAP_SERVERS").ifPresent(builder::externalKafka);
        value(env, "PULSE_DB_URL").ifPresent(url -> builder.externalDatabase(url,
                value(env, "PULSE_DB_USER").orElseThrow(() -> new StackException(
                        "PULSE_DB_URL is set, so PULSE_DB_USER must be set too")),
                value(env, "PULSE_DB_PASSWORD").orElse("")));
        value(env, "PULSE_KAFKA_PORT").map(v -> port(v, "PULSE_KAFKA_PORT")).ifPresent(port -> builder
                .kafkaPort(port).kafkaControllerPort(port + 1));
        value(env, "PULSE_KAFKA_CONTROLLER_PORT").map(v -> port(v, "PULSE_KAFKA_CONTROLLER_PORT"))
                .ifPresent(builder::kafkaControllerPort);
        value(env, "PULSE_DB_PORT").map(v -> port(v, "PULSE_DB_PORT")).ifPresent(builder::dbPort);
        for (String service : DEFAULT_SERVICE_PORTS.keySet()) {
            String name = "PULSE_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
            value(env, name).map(v -> port(v, name)).ifPresent(port -> builder.servicePort(service, port));
        }
        value(env, "PULSE_API_KEY").ifPresent(builder::apiKey);
        value(env, "PULSE_HEALTH_TIMEOUT").map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .ifPresent(builder::healthTimeout);
        value(env, "PULSE_SERVICE_JAVA_OPTS").map(v -> List.of(v.trim().split("\\s+")))
                .ifPresent(builder::serviceJavaOptions);
        for (String name : KAFKA_CLIENT_ENV) {
            value(env, name).ifPresent(v -> builder.kafkaClientEnv(name, v));
        }
        value(env, "PULSE_BIND_HOST").map(String::trim).ifPresent(builder::bindHost);
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
                throw new IllegalArgumentException("unknown service " + service + ", expected one of "
                        + DEFAULT_SERVICE_PORTS.keySet());
            }
            this.servicePorts.put(service, port);
            return this;
        }

        /** Starts only these services (e.g. for a test that needs two of them). */
        public Builder onlyServices(List<String> services) {
            this.servicePorts.keySet().retainAll(services);
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
