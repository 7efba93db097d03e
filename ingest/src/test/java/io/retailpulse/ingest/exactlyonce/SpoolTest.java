package io.retailpulse.ingest.exactlyonce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.ingest.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private Spool spool(long maxBytes) {
        var spoolConfig = new io.retailpulse.ingest.platform.IngestConfig.SpoolConfig() {
            public String dir() {
                return dir.toString();
            }

            public long maxBytes() {
                return maxBytes;
            }

            public Duration drainInterval() {
                return Duration.ofSeconds(1);
            }
        };
        return new Spool(TestConfig.of(Map.of("spool", spoolConfig), Map.of()));
    }

    private static ProducerRecord<String, byte[]> record(String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-line", "7".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>("retail.transactions", null, key, value.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void keepsWindowsAcrossRestartsInOrderAndGivesBackTheSameRecords() throws Exception {
        Spool spool = spool(1 << 20);
        assertTrue(spool.write("w-1", List.of(record("S1|P1", "{\"a\":1}"), record(null, "raw,line"))));
        assertTrue(spool.write("w-2", List.of(record("S2|P2", "{\"b\":2}"))));

        Spool reopened = spool(1 << 20); // as after a restart
        assertTrue(reopened.holds("w-1") && reopened.holds("w-2"));
        List<Path> files = reopened.files();
        assertEquals(List.of("w-1", "w-2"), files.stream().map(Spool::windowId).toList());
        List<ProducerRecord<String, byte[]>> first = reopened.read(files.get(0));
        assertEquals("S1|P1", first.get(0).key());
        assertArrayEquals(
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), first.get(0).value());
        assertNull(first.get(1).key());
        assertArrayEquals(
                "7".getBytes(StandardCharsets.UTF_8),
                first.get(1).headers().lastHeader("dead-letter-line").value());
        reopened.delete(files.get(0));
        assertFalse(reopened.holds("w-1"));
    }

    @Test
    void refusesWhatDoesNotFitOrWhenTurnedOff() {
        assertFalse(spool(100).write("w", List.of(record("k", "x".repeat(200)))));
        assertFalse(spool(0).write("w", List.of(record("k", "x"))));
    }
}
