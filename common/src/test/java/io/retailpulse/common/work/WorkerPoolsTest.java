package io.retailpulse.common.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolsTest {
    @Test
    void runsOnAtMostTheGivenNumberOfNamedDaemonThreads() throws Exception {
        ExecutorService pool = WorkerPools.fixed("test-fit", 2);
        Set<String> names = ConcurrentHashMap.newKeySet();
        Set<Boolean> daemons = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(20);
        try {
            for (int i = 0; i < 20; i++) {
                pool.execute(() -> {
                    names.add(Thread.currentThread().getName());
                    daemons.add(Thread.currentThread().isDaemon());
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(Set.of("test-fit-1", "test-fit-2").containsAll(names), names.toString());
        assertEquals(Set.of(true), daemons);
    }

    @Test
    void aSizeBelowOneStillGivesOneThread() throws Exception {
        ExecutorService pool = WorkerPools.fixed("test-one", 0);
        try {
            assertEquals(
                    "test-one-1",
                    pool.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
