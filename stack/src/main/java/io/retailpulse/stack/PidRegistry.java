package io.retailpulse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** The PID files of {@code .pulse/pids/}: which processes the launcher started and may therefore stop. */
public final class PidRegistry {
    private static final Logger LOG = Logger.getLogger(PidRegistry.class);

    private final Path dir;

    public PidRegistry(Path dir) {
        this.dir = dir;
    }

    public void record(String component, ProcessHandle process, int port) {
        try {
            PidFile.of(component, process, port).write(file(component));
        } catch (IOException e) {
            throw new StackException("cannot write " + file(component) + ": " + e.getMessage(), e);
        }
    }

    public Optional<PidFile> find(String component) {
        return PidFile.read(file(component));
    }

    /** The component's process if it was recorded and still runs. */
    public Optional<ProcessHandle> live(String component) {
        return find(component).flatMap(PidFile::liveProcess);
    }

    public void remove(String component) {
        try {
            Files.deleteIfExists(file(component));
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", file(component), e.getMessage());
        }
    }

    /** Every recorded component, in no particular order. */
    public List<PidFile> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .map(PidFile::read)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new StackException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the recorded processes of each group in turn (the members of a group in parallel) and removes their
     * PID files. A PID whose process is gone or was reused is only forgotten, never signalled.
     */
    public List<String> stop(List<List<String>> groups, Duration grace) {
        List<String> stopped = new ArrayList<>();
        for (List<String> group : groups) {
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (String component : group) {
                Optional<ProcessHandle> process = live(component);
                if (process.isEmpty()) {
                    remove(component);
                    continue;
                }
                stopped.add(component);
                stops.add(CompletableFuture.runAsync(() -> {
                    if (!Processes.stop(process.get(), grace)) {
                        LOG.warnf(
                                "%s (pid %d) could not be stopped",
                                component, process.get().pid());
                    }
                    remove(component);
                }));
            }
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        }
        return stopped;
    }

    private Path file(String component) {
        return dir.resolve(component + ".pid");
    }
}
