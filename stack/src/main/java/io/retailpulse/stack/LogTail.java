package io.retailpulse.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** The last lines of a log file, for error messages that should explain themselves. */
public final class LogTail {
    private static final int MAX_BYTES = 64 * 1024;
    /** A filtered tail may skip many lines: read further back for it. */
    private static final int MAX_FILTERED_BYTES = 1024 * 1024;

    private LogTail() {}

    public static String of(Path file, int lines) {
        return of(file, lines, line -> true, MAX_BYTES);
    }

    /**
     * The last {@code lines} lines that {@code keep} accepts, e.g. without the health-check reports that the
     * launcher's own probing writes into a service's log every half second, which would hide the cause.
     */
    public static String of(Path file, int lines, Predicate<String> keep) {
        return of(file, lines, keep, MAX_FILTERED_BYTES);
    }

    private static String of(Path file, int lines, Predicate<String> keep, int maxBytes) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - maxBytes);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> all = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"))
                    .filter(keep)
                    .toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "  | " + String.join("\n  | ", tail);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
