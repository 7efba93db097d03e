package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void aLiveProcessIsFoundAgainAndStopped() throws Exception {
        PidRegistry registry = new PidRegistry(dir);
        ProcessHandle sleeper = Processes.start(
                "sleep", List.of("sleep", "60"), java.util.Map.of(), dir, dir.resolve("sleep.log"), false);
        registry.record("sleeper", sleeper, 1234);
        assertEquals(sleeper.pid(), registry.live("sleeper").orElseThrow().pid());
        assertEquals(1234, registry.find("sleeper").orElseThrow().port());

        assertEquals(List.of("sleeper"), registry.stop(List.of(List.of("sleeper")), Duration.ofSeconds(5)));
        assertTrue(Processes.awaitExit(sleeper, Duration.ofSeconds(5)));
        assertTrue(registry.find("sleeper").isEmpty(), "pid file removed");
    }

    @Test
    void aReusedPidIsNeverTreatedAsOurs() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        PidFile recorded = PidFile.of("self", self, 0);
        assertTrue(recorded.liveProcess().isPresent());
        PidFile reused = new PidFile("self", self.pid(), recorded.startedAt().minusSeconds(3600), 0);
        reused.write(dir.resolve("self.pid"));
        PidRegistry registry = new PidRegistry(dir);
        assertTrue(registry.live("self").isEmpty());
        assertEquals(List.of(), registry.stop(List.of(List.of("self")), Duration.ofSeconds(1)));
        assertTrue(self.isAlive());
    }

    @Test
    void aRunningProcessStaysOursAfterTheWallClockIsStepped() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        PidFile recorded = PidFile.of("self", self, 0);
        assertTrue(recorded.startTicks() >= 0, "Linux gives the start in ticks since boot");
        // A clock step of 12 s (seen on this machine within minutes) moves the start instant the JDK derives
        // from the boot time; the start in ticks does not move.
        new PidFile("self", self.pid(), recorded.startedAt().minusSeconds(12), 0, recorded.startTicks())
                .write(dir.resolve("self.pid"));
        assertEquals(self.pid(), new PidRegistry(dir).live("self").orElseThrow().pid());
    }

    @Test
    void aReusedPidIsNotOursEvenWhenItsStartInstantMatches() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        PidFile recorded = PidFile.of("self", self, 0);
        new PidFile("self", self.pid(), recorded.startedAt(), 0, recorded.startTicks() - 1)
                .write(dir.resolve("self.pid"));
        assertTrue(new PidRegistry(dir).live("self").isEmpty());
    }

    @Test
    void aPidFileWithoutTicksIsStillRead() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        PidFile recorded = PidFile.of("self", self, 0);
        new PidFile("self", self.pid(), recorded.startedAt(), 7).write(dir.resolve("self.pid"));
        PidFile read = new PidRegistry(dir).find("self").orElseThrow();
        assertEquals(PidFile.NO_TICKS, read.startTicks());
        assertEquals(7, read.port());
        assertTrue(read.liveProcess().isPresent());
    }

    @Test
    void aKilledProcessThatIsNotReapedYetIsNotRunning() throws Exception {
        // The shell forks a sleep and execs into another sleep that never waits for it: once killed, the first
        // stays a zombie, as a detached component does until PID 1 reaps it.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; exec sleep 61").start();
        try {
            long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))
                    .readLine()
                    .trim());
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            // Only once the shell has become the second sleep is nobody left to reap the first: killed earlier,
            // the shell itself may reap it (CI saw that race once).
            Path cmdline = Path.of("/proc", Long.toString(parent.pid()), "cmdline");
            long execDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!commandLine(cmdline).equals("sleep 61") && System.nanoTime() < execDeadline) {
                Thread.sleep(10);
            }
            assertEquals("sleep 61", commandLine(cmdline), "the shell exec'd");
            PidFile recorded = PidFile.of("child", child, 0);
            assertTrue(recorded.liveProcess().isPresent());

            child.destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (recorded.liveProcess().isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(ProcessHandle.of(pid).isPresent(), "the zombie is still in the process table");
            assertTrue(recorded.liveProcess().isEmpty(), "a zombie is not a running component");
            assertTrue(Processes.awaitExit(child, Duration.ofSeconds(2)), "down does not wait for the reaper");
        } finally {
            parent.destroyForcibly();
        }
    }

    private static String commandLine(Path cmdline) throws java.io.IOException {
        return java.nio.file.Files.readString(cmdline).replace('\0', ' ').trim();
    }
}
