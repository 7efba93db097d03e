package io.retailpulse.ingest.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What X lines and Mastodon events mean, without a network. */
class ConnectorReadingTest {
    private final ObjectMapper json = new ObjectMapper();

    private XConnector x() {
        return new XConnector(
                new XConnector.Config() {
                    public Optional<String> bearerToken() {
                        return Optional.of("tok");
                    }

                    public String apiUrl() {
                        return "http://127.0.0.1:1";
                    }

                    public Optional<String> rules() {
                        return Optional.of(" coffee lang:en ; ;tea,  chai;coffee lang:en");
                    }

                    public String tweetFields() {
                        return "created_at";
                    }
                },
                json);
    }

    private MastodonConnector mastodon() {
        return new MastodonConnector(
                new MastodonConnector.Config() {
                    public Optional<String> url() {
                        return Optional.of("http://127.0.0.1:1/");
                    }

                    public Optional<String> hashtags() {
                        return Optional.of("#coffee, tea;coffee");
                    }

                    public Optional<String> token() {
                        return Optional.empty();
                    }

                    public Optional<String> streamingUrl() {
                        return Optional.empty();
                    }
                },
                json);
    }

    @Test
    void xRulesAreSplitOnSemicolonsTrimmedAndDeduplicated() {
        assertEquals(java.util.List.of("coffee lang:en", "tea,  chai"), x().desiredRules());
    }

    @Test
    void anXPostBecomesAFeedbackItemWithHashtagsAndMatchingRules() {
        Connector.Reading r = x().read(
                        null,
                        new Framing.Frame(
                                null,
                                "{\"data\":{\"id\":\"17\",\"text\":\"love #Coffee\","
                                        + "\"created_at\":\"2026-01-02T03:04:05.000Z\",\"author_id\":\"9\",\"lang\":\"en\",\"entities\":{\"hashtags\":"
                                        + "[{\"start\":5,\"end\":12,\"tag\":\"Coffee\"}]}},\"matching_rules\":[{\"id\":\"1\",\"tag\":\"pulse\"}]}"));
        ObjectNode item = assertInstanceOf(Connector.Reading.Post.class, r).item();
        assertEquals("x", item.get("source").asText());
        assertEquals("17", item.get("externalId").asText());
        assertEquals("love #Coffee", item.get("text").asText());
        assertEquals("2026-01-02T03:04:05.000Z", item.get("ts").asText());
        assertEquals("9", item.get("userId").asText());
        assertEquals("#Coffee", item.get("tags").get(0).asText());
        assertEquals("pulse", item.get("metadata").get("rules").asText());
    }

    @Test
    void xErrorLinesAreOperationalAndBrokenLinesMalformed() {
        Connector.Reading op = x().read(
                        null,
                        new Framing.Frame(
                                null,
                                "{\"errors\":[{\"title\":\"operational-disconnect\","
                                        + "\"disconnect_type\":\"UpstreamOperationalDisconnect\",\"detail\":\"This stream has been disconnected\"}]}"));
        assertTrue(assertInstanceOf(Connector.Reading.Operational.class, op)
                .message()
                .contains("operational-disconnect"));
        assertInstanceOf(Connector.Reading.Malformed.class, x().read(null, new Framing.Frame(null, "{not json")));
        assertInstanceOf(Connector.Reading.Malformed.class, x().read(null, new Framing.Frame(null, "[1]")));
        assertInstanceOf(Connector.Reading.Malformed.class, x().read(null, new Framing.Frame(null, "{\"data\":{}}")));
    }

    @Test
    void xHonoursItsRateLimitResetHeader() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-rate-limit-reset", "1767225900");
        assertEquals(Optional.of(Instant.ofEpochSecond(1767225900L)), x().retryAt(headers, now));
        assertEquals(
                Optional.of(now.plusSeconds(7)),
                x().retryAt(MultiMap.caseInsensitiveMultiMap().add("Retry-After", "7"), now));
    }

    @Test
    void aMastodonUpdateBecomesAPlainTextItemKeyedByItsUri() {
        MastodonConnector m = mastodon();
        assertEquals(java.util.List.of("coffee", "tea"), m.hashtags());
        Connector.Reading r = m.read(
                new Connector.Stream("#coffee", "coffee"),
                new Framing.Frame(
                        "update",
                        "{\"id\":\"5\",\"uri\":\"https://ex.social/users/a/statuses/5\",\"url\":\"https://ex.social/@a/5\","
                                + "\"created_at\":\"2026-01-02T03:04:05.000Z\",\"language\":\"en\",\"content\":\"<p>Bad &amp; "
                                + "cold <a href=\\\"x\\\">#<span>coffee</span></a></p><p>again&#33;<br/>sigh</p>\","
                                + "\"account\":{\"acct\":\"a@ex.social\"},\"tags\":[{\"name\":\"coffee\"}]}"));
        ObjectNode item = assertInstanceOf(Connector.Reading.Post.class, r).item();
        assertEquals(
                "https://ex.social/users/a/statuses/5", item.get("externalId").asText());
        assertEquals("Bad & cold #coffee\n\nagain!\nsigh", item.get("text").asText());
        assertEquals("a@ex.social", item.get("userId").asText());
        assertEquals("#coffee", item.get("tags").get(0).asText());
        assertInstanceOf(Connector.Reading.Ignored.class, m.read(null, new Framing.Frame("delete", "5")));
        assertInstanceOf(
                Connector.Reading.Ignored.class,
                m.read(
                        new Connector.Stream("#t", "t"),
                        new Framing.Frame("update", "{\"uri\":\"u\",\"content\":\"<p></p>\"}")));
        assertInstanceOf(Connector.Reading.Malformed.class, m.read(null, new Framing.Frame("update", "{broken")));
    }
}
