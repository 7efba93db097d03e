package io.retailpulse.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    @Test
    void manyAddressesCannotGrowTheTableBeyondItsBoundAndShareTheOverflowBucket() {
        AtomicLong now = new AtomicLong();
        TokenBuckets buckets = new TokenBuckets(2, 1_000_000_000L, 100, now::get);
        for (int i = 0; i < 10_000; i++) {
            buckets.take("10.1." + (i / 256) + "." + (i % 256));
        }
        assertTrue(buckets.size() <= 100, "tracked: " + buckets.size());
        assertTrue(buckets.take("192.168.0.1") > 0, "new addresses share the exhausted overflow bucket");
    }

    @Test
    void idleAddressesAreDroppedWhenTheTableIsFull() {
        AtomicLong now = new AtomicLong();
        TokenBuckets buckets = new TokenBuckets(2, 1_000_000_000L, 10, now::get);
        for (int i = 0; i < 10; i++) {
            buckets.take("a" + i);
        }
        now.addAndGet(5_000_000_000L);
        assertEquals(0, buckets.take("fresh"), "refilled buckets made room");
        assertTrue(buckets.size() <= 10);
    }
}
