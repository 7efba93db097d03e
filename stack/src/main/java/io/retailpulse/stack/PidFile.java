package io.retailpulse.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What {@code up} records about a process it started: PID, start time and port. The start time guards against PID
 * reuse: a recorded PID only counts as ours while the process with that PID started when the recorded one did.
 *
 * <p>On Linux the start is compared in clock ticks since boot ({@code /proc/<pid>/stat}, field 22), which no
 * change of the wall clock moves. The wall-clock {@link #startedAt} that {@link ProcessHandle.Info} gives is
 * derived from the boot time, and that moves with every step of the system clock: on a VM whose clock is stepped
 * by seconds every few minutes, a 1 s slack made {@code up} and {@code status} see every running component as
 * dead (and {@code down} leave them running). The instant remains the check where there are no ticks.
 */
public record PidFile(String component, long pid, Instant startedAt, int port, long startTicks) {
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);
    /** No tick count recorded (not Linux, or a PID file written before ticks were recorded). */
    public static final long NO_TICKS = -1;

    public PidFile(String component, long pid, Instant startedAt, int port) {
        this(component, pid, startedAt, port, NO_TICKS);
    }

    public static PidFile of(String component, ProcessHandle process, int port) {
        Instant started = process.info()
                .startInstant()
                .orElseThrow(() -> new StackException("cannot read the start time of process " + process.pid()));
        return new PidFile(
                component,
                process.pid(),
                started,
                port,
                startTicks(process.pid()).orElse(NO_TICKS));
    }

    public static Optional<PidFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
            String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
            return Optional.of(new PidFile(
                    name,
                    Long.parseLong(properties.getProperty("pid")),
                    Instant.parse(properties.getProperty("started")),
                    Integer.parseInt(properties.getProperty("port", "0")),
                    Long.parseLong(properties.getProperty("startTicks", Long.toString(NO_TICKS)))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: treat as not running
        }
    }

    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("started", startedAt.toString());
        properties.setProperty("port", Integer.toString(port));
        if (startTicks != NO_TICKS) {
            properties.setProperty("startTicks", Long.toString(startTicks));
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp)) {
            properties.store(writer, component + " started by ./pulse up");
        }
        Files.move(
                temp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded process if it still runs, and is still the same process (not a reused PID). */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> !dead(process.pid()))
                .filter(this::sameStart);
    }

    /**
     * A zombie ('Z': exited, not yet reaped) or dying ('X') process, which {@link ProcessHandle#isAlive()} still
     * counts as alive. A detached component's parent is whatever adopted it (PID 1 here, a firecracker init that
     * reaps late): right after a kill -9 of Kafka, {@code up} took the zombie for a running broker and failed.
     */
    static boolean dead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X' || state == 'x';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: the JDK's answer stands
        }
    }

    private boolean sameStart(ProcessHandle process) {
        if (startTicks != NO_TICKS) {
            OptionalLong ticks = startTicks(process.pid());
            if (ticks.isPresent()) {
                return ticks.getAsLong() == startTicks;
            }
        }
        return process.info()
                .startInstant()
                .map(started -> Duration.between(started, startedAt).abs().compareTo(CLOCK_SLACK) < 0)
                .orElse(false);
    }

    /** Field 22 of {@code /proc/<pid>/stat}: when the process started, in clock ticks since boot; empty elsewhere. */
    static OptionalLong startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
