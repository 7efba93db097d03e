package io.retailpulse.analytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.analytics.sentiment.ScoredTextItem;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100,000 scored texts (about 100 MB of CSV) exported in one streamed answer: every row once and in order, chunked,
 * while the heap of the JVM serving it (the test's own: @QuarkusTest runs the application in it) stays flat although
 * the client reads slowly. An answer built in memory would hold the whole export, several times the bound.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class CsvExportIT {
    private static final Logger LOG = Logger.getLogger(CsvExportIT.class);
    private static final int ROWS = 100_000;
    private static final String PADDING = "x".repeat(900);
    /**
     * Growth of the live heap allowed while the export streams, against an export of about 100 MB: chunks in flight
     * and buffers that grow to a size and stay (a histogram shows a few large byte arrays growing in steps, not more
     * objects); measured 17-29 MB. The same export built in memory measured 115 MB.
     */
    private static final long HEAP_BOUND = 48L << 20;
    /**
     * Rows the server may have read from MySQL ahead of what the client has taken: what the connection's two sockets
     * can hold (the kernel's autotuning ceilings, {@link #socketBytes}) plus 10,000 rows of pages and chunks in
     * flight. A fixed 15,000 failed at exactly 15,000 on a machine whose receive buffers may grow to 32 MB; an
     * answer built in memory reads 95,000 ahead.
     */
    private static final long READ_AHEAD_BOUND = 10_000 + socketBytes() / (PADDING.length() + 60);

    private static final LocalDateTime T0 = LocalDateTime.of(2025, 1, 1, 0, 0);

    @TestHTTPResource("/api/v1/scored-texts")
    URL export;

    @BeforeAll
    static void fill() throws Exception {
        long started = System.nanoTime();
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO text_sentiment (event_id, ts, day, source, user_id, product_id, store_id, text, label, "
                                + "score, p_negative, p_neutral, p_positive, sentiment, model, model_version, scored_at) "
                                + "VALUES (?, ?, ?, 'review', NULL, 'P1', 'S1', ?, 'neutral', 0.5, 0.25, 0.5, 0.25, 0, 'm', '1', ?)")) {
            for (int i = 0; i < ROWS; i++) {
                LocalDateTime ts = T0.plusSeconds(i * 30L);
                ps.setString(1, id(i));
                ps.setObject(2, ts);
                ps.setObject(3, ts.toLocalDate());
                ps.setString(4, "text " + i + " " + PADDING);
                ps.setObject(5, ts);
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        LOG.infof("inserted %,d scored texts in %.1f s", ROWS, (System.nanoTime() - started) / 1e9);
    }

    private static String id(int i) {
        return String.format("x%06d", i);
    }

    /** The application's count of rows read for exports, from its Prometheus endpoint. */
    private static double exportedRows() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^analytics_export_rows_total(\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("analytics_export_rows_total is not in /q/metrics");
        }
        return Double.parseDouble(m.group(2));
    }

    /** The largest receive plus the largest send buffer a TCP socket may grow to (Linux; 4 MB each if unknown). */
    private static long socketBytes() {
        return tcpMax("tcp_rmem") + tcpMax("tcp_wmem");
    }

    private static long tcpMax(String name) {
        try {
            // readAllLines, not readString: a /proc file reports size 0, and readString then returned one byte
            String[] v = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4", name))
                    .get(0)
                    .trim()
                    .split("\\s+");
            return Long.parseLong(v[v.length - 1]);
        } catch (java.io.IOException | RuntimeException e) {
            return 4L << 20;
        }
    }

    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void exportsAHundredThousandRowsStreamedInOrderWithFlatMemory() throws Exception {
        // Warm up: the first export loads classes and fills caches that are not the export's memory.
        Api.csvBody("/api/v1/scored-texts?limit=3000");
        long baseline = liveHeap();
        double exportedBefore = exportedRows();
        HttpURLConnection connection = (HttpURLConnection) export.openConnection();
        connection.setRequestProperty("Accept", "text/csv");
        connection.setRequestProperty("Authorization", "Bearer test-key");
        long started = System.nanoTime();
        assertEquals(200, connection.getResponseCode());
        assertEquals("chunked", connection.getHeaderField("Transfer-Encoding"));
        assertTrue(connection.getContentType().startsWith("text/csv"), connection.getContentType());
        assertEquals(-1, connection.getContentLengthLong(), "a streamed answer has no length up front");

        java.util.List<String> samples = new java.util.ArrayList<>();
        long maxAhead = 0;
        long peak = 0;
        long bytes = 0;
        int rows = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8), 8192)) {
            assertEquals(ScoredTextItem.CSV_HEADER, reader.readLine());
            String line;
            while ((line = reader.readLine()) != null) {
                String expectedStart =
                        id(rows) + "," + T0.plusSeconds(rows * 30L).toInstant(java.time.ZoneOffset.UTC);
                if (!line.startsWith(expectedStart)) {
                    throw new AssertionError("row " + rows + " is " + line.substring(0, Math.min(60, line.length()))
                            + "..., expected " + expectedStart);
                }
                bytes += line.length() + 1;
                rows++;
                // A slow client: the server must hold back instead of buffering what it could read ahead.
                if (rows % 10_000 == 5_000) {
                    Thread.sleep(300);
                    long growth = liveHeap() - baseline;
                    long ahead = (long) (exportedRows() - exportedBefore) - rows;
                    samples.add((growth >> 10) + " KB/" + ahead + " rows");
                    peak = Math.max(peak, growth);
                    maxAhead = Math.max(maxAhead, ahead);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.infof(
                "CSV export: %,d rows, %.1f MB in %.1f s; live heap growth peak %.1f MB (bound %.0f MB), "
                        + "read ahead at most %,d rows (bound %,d); samples (heap growth/read-ahead) %s",
                rows,
                bytes / 1048576.0,
                seconds,
                peak / 1048576.0,
                HEAP_BOUND / 1048576.0,
                maxAhead,
                READ_AHEAD_BOUND,
                samples);
        assertEquals(ROWS, rows);
        assertTrue(bytes > 2 * HEAP_BOUND, "the export must dwarf the bound to prove anything: " + bytes);
        assertTrue(peak < HEAP_BOUND, "live heap grew by " + peak / 1048576 + " MB while streaming");
        assertTrue(
                READ_AHEAD_BOUND < ROWS - 10_000,
                "a bound of " + READ_AHEAD_BOUND + " rows would not catch an "
                        + "answer built in memory (95,000 rows ahead at the first pause)");
        assertTrue(maxAhead < READ_AHEAD_BOUND, "the server read " + maxAhead + " rows ahead of a paused client");
        assertEquals(ROWS, exportedRows() - exportedBefore, 0.0, "every row read exactly once");
    }
}
