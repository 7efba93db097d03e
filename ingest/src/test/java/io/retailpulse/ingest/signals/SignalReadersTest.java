package io.retailpulse.ingest.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalReadersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static List<String> csv(String body) {
        List<String> out = new ArrayList<>();
        SignalCsvReader.read(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8,
                "api",
                NOW,
                new SignalCsvReader.Sink() {
                    public void accept(long line, SignalEvent e) {
                        out.add(line + " " + e.name() + " " + e.ds() + " " + e.value());
                    }

                    public void reject(long line, String reason, String raw) {
                        out.add(line + " ! " + reason);
                    }
                });
        return out;
    }

    @Test
    void readsRowsInAnyColumnOrderAndNamesEachBadRowByItsLine() {
        assertEquals(
                List.of(
                        "2 cpi 2026-01-01 1.5",
                        "4 \"quoted, name\" 2026-01-02 -3.0",
                        "5 ! ds '2026-13-01' is not an ISO-8601 date (e.g. 2026-01-01)",
                        "6 ! value 'NaN' is not a decimal number",
                        "7 ! value is missing or empty",
                        "8 ! name is missing or empty",
                        "9 ! expected 4 fields, found 3",
                        "10 ! ds 2040-01-01 is before 1900-01-01 or more than 10 years ahead",
                        "11 ! name has a control or invalid character at index 1"),
                csv("\uFEFFvalue,ds,name,note\r\n1.5,2026-01-01,cpi,x\r\n\r\n-3,2026-01-02,\"\"\"quoted, name\"\"\",\n"
                        + "1,2026-13-01,a,\nNaN,2026-01-01,a,\n,2026-01-01,a,\n1,2026-01-01,,\n1,2026-01-01,a\n"
                        + "1,2040-01-01,a,\n1,2026-01-01,a\u0001b,\n"));
    }

    @Test
    void aBodyWithoutTheHeaderIsRefusedAsAWhole() {
        var e = assertThrows(SignalCsvReader.HeaderException.class, () -> csv("name,day,value\ncpi,2026-01-01,1\n"));
        assertTrue(e.getMessage().contains("lacks column(s) ds"), e.getMessage());
        assertThrows(SignalCsvReader.HeaderException.class, () -> csv("\n\n"));
    }

    @Test
    void jsonErrorsNameTheItemAndItsLine() throws Exception {
        List<String> out = new ArrayList<>();
        String body = "{\"items\":[\n{\"name\":\"cpi\",\"ds\":\"2026-01-01\",\"value\":2},\n"
                + "{\"name\":\"cpi\",\"ds\":\"2026-01-02\",\"value\":\"3\"},\n  {\"name\":7,\"ds\":\"2026-01-02\",\"value\":1}\n]}";
        SignalJsonReader.read(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                new ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS),
                "api",
                NOW,
                new SignalJsonReader.Sink() {
                    public void accept(long line, int item, SignalEvent e) {
                        out.add(line + "/" + item + " " + e.name() + " " + e.ds() + " " + e.value());
                    }

                    public void reject(long line, int item, String reason, String raw) {
                        out.add(line + "/" + item + " ! " + reason);
                    }
                });
        assertEquals(
                List.of("2/0 cpi 2026-01-01 2.0", "3/1 ! value must be a number", "4/2 ! name must be a string"), out);
        assertEquals(
                LocalDate.parse("2026-01-01"),
                SignalJsonReader.event(
                                new ObjectMapper().readTree("{\"name\":\"n\",\"ds\":\"2026-01-01\",\"value\":1}"),
                                "kafka",
                                NOW)
                        .ds());
    }
}
