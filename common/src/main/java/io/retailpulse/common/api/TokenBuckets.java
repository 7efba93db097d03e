package io.retailpulse.common.api;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by client address, bounded in number so that requests from many addresses cannot grow
 * memory without limit: when full, buckets that have refilled completely (idle clients) are dropped, and if
 * that frees nothing, new addresses share one overflow bucket. Cheap and non-blocking enough for the event loop.
 */
final class TokenBuckets {
    static final String OVERFLOW = "<overflow>";

    private final int capacity;
    private final long refillNanos;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    TokenBuckets(int capacity, long refillNanos, int maxKeys, LongSupplier nanoTime) {
        if (capacity < 1 || refillNanos < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("capacity, refill and maxKeys must be positive");
        }
        this.capacity = capacity;
        this.refillNanos = refillNanos;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
        this.overflow = new Bucket(capacity, nanoTime.getAsLong());
    }

    /** Takes a token for {@code key}: 0 when one was there, else the nanoseconds until the next one. */
    long take(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                sweep(now);
            }
            bucket =
                    buckets.size() >= maxKeys ? overflow : buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        }
        return bucket.take(now, capacity, refillNanos);
    }

    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().full(now, capacity, refillNanos)) {
                it.remove();
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now, int capacity, long refillNanos) {
            refill(now, capacity, refillNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * refillNanos);
        }

        synchronized boolean full(long now, int capacity, long refillNanos) {
            refill(now, capacity, refillNanos);
            return tokens >= capacity;
        }

        private void refill(long now, int capacity, long refillNanos) {
            if (now > updated) {
                tokens = Math.min(capacity, tokens + (double) (now - updated) / refillNanos);
                updated = now;
            }
        }
    }
}
