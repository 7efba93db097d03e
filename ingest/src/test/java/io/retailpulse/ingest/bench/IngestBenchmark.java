package io.retailpulse.ingest.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.testing.Csv;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Not a timed test: measures ingest's throughput for a 150,000-row CSV through the real service path (HTTP,
 * CSV validation, MySQL ledger, Kafka transactions) beside Kafka's own {@code ProducerPerformance} on the same
 * broker with the same record size and producer settings, in the same run, and logs both and their ratio.
 * Run: {@code ./mvnw -B -o -pl ingest verify -Pbench}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class IngestBenchmark {
    private static final Logger LOG = Logger.getLogger(IngestBenchmark.class);
    private static final int ROWS = 150_000;
    private static final int ROUNDS = 3;
    private static final Pattern RATE = Pattern.compile("records sent, ([0-9.]+) records/sec");

    @Inject
    ObjectMapper json;

    @Test
    void ingestThroughputBesideProducerPerformance() throws Exception {
        int recordSize = json.writeValueAsBytes(new TransactionEvent(
                        "bench-0123456-1",
                        Instant.now(),
                        LocalDate.now(),
                        "S1",
                        "P3",
                        3,
                        new BigDecimal("1.50"),
                        "csv",
                        Instant.now()))
                .length;
        post(Csv.transactions("warm-" + UUID.randomUUID(), ROWS, Integer.MAX_VALUE)); // JIT, pools, producers
        double best = 0;
        long total = 0;
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String csv = Csv.transactions(
                    "bench" + round + "-" + UUID.randomUUID().toString().substring(0, 8), ROWS, Integer.MAX_VALUE);
            long t0 = System.nanoTime();
            post(csv);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            millis.add(ms);
            total += ms;
            best = Math.max(best, ROWS * 1000.0 / ms);
        }
        double ingest = ROWS * ROUNDS * 1000.0 / total;
        // As many records as the measured rounds, so its own warm-up weighs as little as ingest's did.
        double kafka = producerPerformance(recordSize, ROWS * ROUNDS);
        LOG.infof(
                "BENCH ingest: %d rows CSV -> retail.transactions (committed) in %s ms: %.0f rows/s on average, "
                        + "best %.0f rows/s",
                ROWS, millis, ingest, best);
        LOG.infof(
                "BENCH ProducerPerformance: %d records of %d bytes, acks=all, idempotent, linger.ms=5: "
                        + "%.0f records/s",
                ROWS * ROUNDS, recordSize, kafka);
        LOG.infof(
                "BENCH ratio ingest / ProducerPerformance = %.2f (average), %.2f (best)", ingest / kafka, best / kafka);
    }

    private static void post(String csv) {
        Response r = given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .post("/api/v1/transactions");
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(ROWS, r.jsonPath().getLong("accepted"));
    }

    /** Runs ProducerPerformance in a child JVM (same classpath) and answers its records/s. */
    private static double producerPerformance(int recordSize, int records) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                "bench.producer-performance",
                "--num-records",
                Integer.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + KafkaTestResource.bootstrapServers(),
                "acks=all",
                "enable.idempotence=true",
                "linger.ms=5",
                "batch.size=262144");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double rate = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = RATE.matcher(line);
                if (m.find()) {
                    rate = Double.parseDouble(m.group(1)); // the last line is the total
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || rate < 0) {
            throw new IllegalStateException("ProducerPerformance did not report a rate");
        }
        return rate;
    }
}
