package io.retailpulse.common.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * WARN lines for failed authentications, at most {@code perMinute} a minute so a flood of bad requests cannot
 * flood the log; what is left out is counted and reported with the next line. Never logs the key.
 */
final class AuthFailureLog {
    private static final Logger LOG = Logger.getLogger("io.retailpulse.security");
    private static final int MAX_PATH_CHARS = 200;

    private final TokenBuckets lines;
    private final AtomicLong suppressed = new AtomicLong();

    AuthFailureLog(int perMinute, LongSupplier nanoTime) {
        int capacity = Math.max(1, perMinute);
        this.lines = new TokenBuckets(capacity, TimeUnit.MINUTES.toNanos(1) / capacity, 1, nanoTime);
    }

    /** Logs (or counts) one failure; true when a line was written. */
    boolean failure(String address, String method, String path, String reason) {
        if (lines.take("log") > 0) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        LOG.warnf(
                "Failed API authentication from %s on %s %s: %s%s",
                address,
                method,
                printable(path),
                reason,
                skipped == 0 ? "" : " (" + skipped + " further failures since the last such line were not logged)");
        return true;
    }

    long suppressed() {
        return suppressed.get();
    }

    /** The path as it may go into a log line: no control characters (no forged lines), bounded length. */
    static String printable(String path) {
        if (path == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(path.length(), MAX_PATH_CHARS + 1));
        for (int i = 0; i < path.length() && i < MAX_PATH_CHARS; i++) {
            char c = path.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (path.length() > MAX_PATH_CHARS) {
            out.append('…');
        }
        return out.toString();
    }
}
