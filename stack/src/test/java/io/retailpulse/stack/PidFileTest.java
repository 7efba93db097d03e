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
        ProcessHandle sleeper = Processes.start("sleep", List.of("sleep", "60"), java.util.Map.of(), dir,
                dir.resolve("sleep.log"), false);
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
}
