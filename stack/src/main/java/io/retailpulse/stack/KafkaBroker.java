package io.retailpulse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

/**
 * A real single-node KRaft Kafka (combined broker and controller) in a child JVM, with its configuration, data and
 * log under one directory. The storage is formatted once; later starts reuse the data.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private String classpath = JavaCommand.kafkaClasspath();
    private String heap = "512m";
    private Duration startTimeout = Duration.ofSeconds(90);
    private Path logFile;
    private ProcessHandle process;

    public KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = this.dir.resolve("kafka.log");
    }

    public KafkaBroker withClasspath(String classpath) {
        this.classpath = classpath;
        return this;
    }

    public KafkaBroker withHeap(String heap) {
        this.heap = heap;
        return this;
    }

    public KafkaBroker withStartTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Where the broker JVM writes its output (default {@code <dir>/kafka.log}). */
    public KafkaBroker withLogFile(Path logFile) {
        this.logFile = logFile.toAbsolutePath();
        return this;
    }

    /** Starts the broker as a child stopped by {@link #stop()} or at the latest when this JVM ends. */
    public KafkaBroker start() {
        return start(false);
    }

    /** Starts the broker in its own session so that it outlives this JVM; record {@link #process()} to stop it. */
    public KafkaBroker startDetached() {
        return start(true);
    }

    private KafkaBroker start(boolean detached) {
        if (process != null && process.isAlive()) {
            return this;
        }
        FreePorts.requireFree(port, "Kafka");
        FreePorts.requireFree(controllerPort, "Kafka controller");
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            writeConfiguration();
            formatStorageOnce();
            process = Processes.start(
                    "kafka",
                    javaCommand(heap, "kafka.Kafka", serverProperties().toString()),
                    Map.of(),
                    dir,
                    logFile,
                    detached);
        } catch (IOException e) {
            throw new StackException("cannot start Kafka in " + dir + ": " + e.getMessage(), e);
        }
        awaitReady();
        LOG.debugf(
                "Kafka is up on %s (pid %d) in %.1f s",
                bootstrapServers(), process.pid(), (System.nanoTime() - started) / 1e9);
        return this;
    }

    private void writeConfiguration() throws IOException {
        String properties = String.join(
                "\n",
                "# Written by the Retail Pulse launcher on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=3",
                "default.replication.factor=1",
                // A single broker: every internal topic must make do with one replica.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        Files.writeString(serverProperties(), properties);
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-logging.properties")) {
            if (in == null) {
                throw new IOException("kafka-logging.properties is missing from the stack jar");
            }
            Files.copy(in, loggingProperties(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void formatStorageOnce() throws IOException {
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        Path log = dir.resolve("format.log");
        List<String> command = javaCommand(
                "256m",
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                serverProperties().toString());
        ProcessHandle format = Processes.start("kafka-storage-format", command, Map.of(), dir, log, false);
        if (!Processes.awaitExit(format, Duration.ofMinutes(2))
                || !Files.exists(dataDir().resolve("meta.properties"))) {
            Processes.stop(format, Duration.ofSeconds(5));
            throw new StackException("formatting the Kafka storage failed, see " + log + "\n" + LogTail.of(log, 20));
        }
    }

    private List<String> javaCommand(String maxHeap, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                JavaCommand.javaBinary(),
                "-Xmx" + maxHeap,
                // A local broker sees little load: C1 only and the serial GC halve its start time on two cores.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration=" + loggingProperties().toUri(),
                "-cp",
                classpath,
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException(
                        "Kafka exited during startup, see " + logFile + "\n" + LogTail.of(logFile, 25));
            }
            if (FreePorts.isListening(port) && KafkaTopics.answers(bootstrapServers(), Map.of(), PROBE_TIMEOUT)) {
                return;
            }
            sleep(300);
        }
        Processes.stop(process, Duration.ofSeconds(10));
        throw new StackException("Kafka did not answer on " + bootstrapServers() + " within " + startTimeout.toSeconds()
                + " s, see " + logFile + "\n" + LogTail.of(logFile, 25));
    }

    /** Creates every platform topic that is missing: 3 partitions for the main ones, 1 for dead letters. */
    public void createTopics() {
        KafkaTopics.ensure(bootstrapServers(), Map.of(), KafkaTopics.partitions(3));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The broker JVM, or null before {@link #start()}. */
    public ProcessHandle process() {
        return process;
    }

    /** Controlled shutdown via SIGTERM, killing the JVM only if it hangs. */
    public void stop() {
        if (process != null && process.isAlive()) {
            Processes.stop(process, STOP_GRACE);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path serverProperties() {
        return dir.resolve("server.properties");
    }

    private Path loggingProperties() {
        return dir.resolve("logging.properties");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for Kafka");
        }
    }
}
