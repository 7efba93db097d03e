package io.retailpulse.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** Starts child processes, either tied to this JVM or detached into their own session, and stops them politely. */
public final class Processes {
    private static final Logger LOG = Logger.getLogger(Processes.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration ZOMBIE_POLL = Duration.ofMillis(200);

    private Processes() {}

    /**
     * Starts {@code command} with stdin from /dev/null and stdout+stderr appended to {@code logFile}.
     * Detached processes run in a new session (setsid) so that they survive this JVM and ignore the
     * terminal's Ctrl-C; attached ones are stopped by a shutdown hook when this JVM ends.
     */
    public static ProcessHandle start(
            String name, List<String> command, Map<String, String> env, Path workDir, Path logFile, boolean detached)
            throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>();
        if (detached && Files.isExecutable(SETSID)) {
            // Our child is never a process group leader, so setsid execs in place and the PID stays the same.
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        LOG.debugf("starting %s: %s", name, String.join(" ", cmd));
        ProcessHandle handle = builder.start().toHandle();
        if (!detached) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(handle), name + "-stopper"));
        }
        return handle;
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns false if the process was still alive afterwards. */
    public static boolean stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        LOG.warnf("process %d did not stop within %d s after SIGTERM, killing it", process.pid(), grace.toSeconds());
        process.destroyForcibly();
        return awaitExit(process, KILL_WAIT);
    }

    /**
     * Waits for the process to end; false on timeout. A zombie has ended: a detached component is reaped by
     * whatever adopted it, possibly late, and {@link ProcessHandle#onExit()} only completes once it is.
     */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    process.onExit().get(Math.max(1, Math.min(left, ZOMBIE_POLL.toNanos())), TimeUnit.NANOSECONDS);
                    return true;
                } catch (TimeoutException e) {
                    if (PidFile.dead(process.pid())) {
                        return true;
                    }
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static void stopQuietly(ProcessHandle handle) {
        // Shutdown hooks run late: use only JDK calls here, no logging.
        if (handle.isAlive()) {
            handle.destroy();
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
