package io.retailpulse.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code up} records about a process it started: PID, start time and port. The start time guards against PID
 * reuse: a recorded PID only counts as ours while the process with that PID started at the recorded instant.
 */
public record PidFile(String component, long pid, Instant startedAt, int port) {
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

    public static PidFile of(String component, ProcessHandle process, int port) {
        Instant started = process.info().startInstant()
                .orElseThrow(() -> new StackException("cannot read the start time of process " + process.pid()));
        return new PidFile(component, process.pid(), started, port);
    }

    public static Optional<PidFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
            String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
            return Optional.of(new PidFile(name, Long.parseLong(properties.getProperty("pid")),
                    Instant.parse(properties.getProperty("started")),
                    Integer.parseInt(properties.getProperty("port", "0"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: treat as not running
        }
    }

    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("started", startedAt.toString());
        properties.setProperty("port", Integer.toString(port));
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp)) {
            properties.store(writer, component + " started by ./pulse up");
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded process if it still runs, and is still the same process (not a reused PID). */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().startInstant()
                        .map(started -> Duration.between(started, startedAt).abs().compareTo(CLOCK_SLACK) < 0)
                        .orElse(false));
    }
}
