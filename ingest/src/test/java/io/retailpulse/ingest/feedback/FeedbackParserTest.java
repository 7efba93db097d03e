package io.retailpulse.ingest.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.FeedbackEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FeedbackParser parser =
            new FeedbackParser(Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));

    private FeedbackEvent parse(String json) throws Exception {
        return parser.parse(JSON.readTree(json));
    }

    private String reason(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsEveryFieldAndDerivesAStableEventIdFromSourceAndExternalId() throws Exception {
        FeedbackEvent e = parse("{\"source\":\"Social\",\"externalId\":\"tw-1\",\"text\":\"love it\","
                + "\"ts\":\"2024-05-01T12:00:00+02:00\",\"userId\":\"u1\",\"lang\":\"en\",\"tags\":[\"#deal\"],"
                + "\"metadata\":{\"stars\":5,\"verified\":true}}");
        assertEquals("social", e.source());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), e.ts());
        assertEquals(List.of("#deal"), e.tags());
        assertEquals(Map.of("stars", "5", "verified", "true"), e.metadata());
        assertEquals(FeedbackService.eventId("social", "tw-1"), e.eventId());
        assertEquals(
                e.eventId(),
                parse("{\"source\":\"social\",\"externalId\":\"tw-1\",\"text\":\"edited\","
                                + "\"ts\":\"2024-05-02T00:00:00Z\"}")
                        .eventId());
        assertNotEquals(e.eventId(), FeedbackService.eventId("crm", "tw-1"));
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertEquals(
                "externalId is missing or empty",
                reason("{\"source\":\"crm\",\"text\":\"x\",\"ts\":\"2024-05-01T12:00:00Z\"}"));
        assertEquals(
                "text is missing or empty",
                reason("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\" \",\"ts\":\"2024-05-01T12:00:00Z\"}"));
        assertEquals(
                "ts '2024-05-01' is not an ISO-8601 date-time with offset (e.g. 2024-05-01T12:00:00Z)",
                reason("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\"x\",\"ts\":\"2024-05-01\"}"));
        assertEquals(
                "lang 'eng' is not an ISO 639-1 code such as en",
                reason("{\"source\":\"crm\",\"externalId\":\"1\","
                        + "\"text\":\"x\",\"ts\":\"2024-05-01T12:00:00Z\",\"lang\":\"eng\"}"));
        assertEquals(
                "tags must be an array of strings",
                reason("{\"source\":\"crm\",\"externalId\":\"1\","
                        + "\"text\":\"x\",\"ts\":\"2024-05-01T12:00:00Z\",\"tags\":\"a\"}"));
        assertEquals(
                "source must be a string",
                reason("{\"source\":3,\"externalId\":\"1\",\"text\":\"x\"," + "\"ts\":\"2024-05-01T12:00:00Z\"}"));
    }

    @Test
    void refusesWhatInferenceCouldNotStoreInsteadOfAnsweringItAccepted() {
        // each of these was answered "accepted" and then dead-lettered by inference's scoring consumer
        assertEquals(
                "text has an unpaired UTF-16 surrogate at index 4",
                reason("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\"bad \\ud800 text\","
                        + "\"ts\":\"2024-05-01T12:00:00Z\"}"));
        assertEquals(
                "metadata.note has an unpaired UTF-16 surrogate at index 0",
                reason("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\"x\","
                        + "\"ts\":\"2024-05-01T12:00:00Z\",\"metadata\":{\"note\":\"\\udc00\"}}"));
        assertEquals(
                "ts '0500-05-01T12:00:00Z' is before 1970",
                reason("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\"x\",\"ts\":\"0500-05-01T12:00:00Z\"}"));
        assertEquals(
                "metadata.note is longer than 1000 characters",
                reason("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\"x\",\"ts\":\"2024-05-01T12:00:00Z\","
                        + "\"metadata\":{\"note\":\"" + "x".repeat(1001) + "\"}}"));
    }

    @Test
    void aPairedSurrogateIsOneCharacterAndFine() throws Exception {
        FeedbackEvent e = parse("{\"source\":\"crm\",\"externalId\":\"1\",\"text\":\"great \\ud83d\\ude00\","
                + "\"ts\":\"2024-05-01T12:00:00Z\"}");
        assertEquals("great 😀", e.text());
    }
}
