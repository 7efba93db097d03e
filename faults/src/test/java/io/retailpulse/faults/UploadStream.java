package io.retailpulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client that keeps uploading to ingest the way a careful user's client does: each upload (transactions as CSV
 * under one store, or feedback posts under one source) is sent until it is accepted, retrying on a refused
 * connection, a 5xx or a 503 (after its {@code Retry-After}). The same upload is re-sent with the same ids, so
 * what the platform stores must come out exact: every row once.
 *
 * <p>It also records how ingest answered: the slowest answer, how many requests got no answer in time, and how
 * many 503s lacked a {@code Retry-After}.
 */
final class UploadStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * What "answered within seconds" means here: a request still unanswered after this counts as hung. The first
     * request to meet a dead broker may wait out kafka-timeout (5 s) on two bounded Kafka calls.
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    enum Kind {
        TRANSACTIONS,
        FEEDBACK
    }

    final Kind kind;
    final String name;
    private final int rowsPerUpload;
    private final Duration pause;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<String> problems = new ArrayList<>();
    private volatile int uploads;
    private volatile int unanswered;
    private volatile int retries;
    private volatile int missingRetryAfter;
    private volatile Duration slowest = Duration.ZERO;
    private volatile String lastFailure = "none";
    private CompletableFuture<Void> running;

    private UploadStream(Kind kind, String name, int rowsPerUpload, Duration pause) {
        this.kind = kind;
        this.name = name;
        this.rowsPerUpload = rowsPerUpload;
        this.pause = pause;
    }

    static UploadStream transactions(String store) {
        return new UploadStream(Kind.TRANSACTIONS, store, 25, Duration.ofMillis(300));
    }

    static UploadStream feedback(String source) {
        return new UploadStream(Kind.FEEDBACK, source, 4, Duration.ofMillis(500));
    }

    /** Starts uploading in the background until {@link #stop()}, or until {@code max} uploads. */
    UploadStream start(int max) {
        running = CompletableFuture.runAsync(() -> {
            for (int upload = 0; upload < max && !stopping.get(); upload++) {
                send(upload);
                sleep(pause);
            }
        });
        return this;
    }

    /** Stops after the upload in flight is accepted, waiting at most {@code timeout}. */
    UploadStream stop(Duration timeout) throws Exception {
        stopping.set(true);
        return await(timeout);
    }

    /** Waits for all {@code max} uploads. */
    UploadStream await(Duration timeout) throws Exception {
        try {
            running.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            Stack.threadDump("ingest", this + ": still sending after " + timeout);
            throw new AssertionError(
                    this + ": the upload in flight was not accepted within " + timeout + "; the last failed attempt: "
                            + lastFailure,
                    e);
        }
        return this;
    }

    private void send(int upload) {
        String body = kind == Kind.TRANSACTIONS ? csv(upload) : posts(upload);
        String path = kind == Kind.TRANSACTIONS ? "/api/v1/transactions" : "/api/v1/feedback";
        String type = kind == Kind.TRANSACTIONS ? "text/csv" : "application/json";
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(12));
        while (Instant.now().isBefore(giveUp)) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = Stack.post("ingest", path, type, body, ANSWER_WITHIN);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (took.compareTo(slowest) > 0) {
                    slowest = took;
                }
                if (r.statusCode() / 100 == 2) {
                    JsonNode answer = JSON.readTree(r.body());
                    if (answer.path("rejected").asInt(0) != 0) {
                        problem("upload " + upload + " had rejected rows: " + r.body());
                    }
                    uploads++;
                    return;
                }
                retries++;
                lastFailure = Instant.now() + " upload " + upload + ": " + r.statusCode() + " " + r.body();
                if (r.statusCode() == 503) {
                    if (r.headers().firstValue("Retry-After").isEmpty()) {
                        missingRetryAfter++;
                    }
                    sleep(Duration.ofSeconds(Math.min(
                            2, r.headers().firstValueAsLong("Retry-After").orElse(1))));
                } else if (r.statusCode() / 100 == 5) {
                    problem("upload " + upload + " answered " + r.statusCode() + ": " + r.body());
                    sleep(Duration.ofSeconds(1));
                } else {
                    problem("upload " + upload + " answered " + r.statusCode() + ": " + r.body());
                    return;
                }
            } catch (HttpTimeoutException e) {
                if (unanswered++ == 0) {
                    // While it still hangs: what ingest's threads wait on is what a reader of a red run needs.
                    Stack.threadDump("ingest", this + ": a request went unanswered");
                }
                retries++;
                lastFailure = Instant.now() + " upload " + upload + ": no answer within " + ANSWER_WITHIN;
            } catch (Exception e) {
                retries++; // connection refused while the service is down: a client retries
                lastFailure = Instant.now() + " upload " + upload + ": " + e;
                sleep(Duration.ofSeconds(1));
            }
        }
        problem("upload " + upload + " never accepted");
    }

    private String csv(int upload) {
        StringBuilder csv = new StringBuilder("transaction_id,ts,store_id,product_id,quantity,unit_price\n");
        long added = 0;
        for (int row = 0; row < rowsPerUpload; row++) {
            int quantity = 1 + (upload + row) % 3;
            added += quantity;
            csv.append(name)
                    .append('-')
                    .append(upload)
                    .append('-')
                    .append(row)
                    .append(",2026-11-0")
                    .append(1 + row % 5)
                    .append("T10:00:00Z,")
                    .append(name)
                    .append(",P")
                    .append(row % 4)
                    .append(',')
                    .append(quantity)
                    .append(",2.50\n");
        }
        if (!expected.containsKey(upload)) {
            expected.put(upload, added);
        }
        return csv.toString();
    }

    private final java.util.Map<Integer, Long> expected = new java.util.concurrent.ConcurrentHashMap<>();

    private String posts(int upload) {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; i < rowsPerUpload; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"source\":\"")
                    .append(name)
                    .append("\",\"externalId\":\"")
                    .append(upload)
                    .append('-')
                    .append(i)
                    .append("\",\"text\":\"")
                    .append(
                            i % 2 == 0
                                    ? "The self-checkout at the store was broken again, awful wait"
                                    : "Great fresh bread today, friendly staff")
                    .append(" #")
                    .append(upload)
                    .append("\",\"ts\":\"2026-11-20T10:00:00Z\"}");
        }
        expected.put(upload, (long) rowsPerUpload);
        return json.append("]}").toString();
    }

    /** Rows (transactions) or posts accepted. */
    int rows() {
        return uploads * rowsPerUpload;
    }

    /** Units of the accepted transaction uploads. */
    long units() {
        long sum = 0;
        for (int upload = 0; upload < uploads; upload++) {
            sum += expected.get(upload);
        }
        return sum;
    }

    int unanswered() {
        return unanswered;
    }

    int retries() {
        return retries;
    }

    int missingRetryAfter() {
        return missingRetryAfter;
    }

    Duration slowest() {
        return slowest;
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private void problem(String problem) {
        synchronized (problems) {
            problems.add(problem);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return kind + " " + name + ": " + uploads + " uploads accepted, " + retries + " retries, " + unanswered
                + " unanswered within " + ANSWER_WITHIN.toSeconds() + " s, slowest answer " + slowest.toMillis()
                + " ms, " + missingRetryAfter + " 503s without Retry-After";
    }
}
