package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What the X and Mastodon connectors share (issue 16: one mechanism, not two halves): a frame is one JSON object
 * or a {@link Reading.Malformed} with the reason; a post becomes a feedback item with the connector's name as
 * {@code source}, a two-letter language and at most {@value #MAX_TAGS} hashtags; a 429's platform reset header
 * wins over {@code Retry-After}. Each connector keeps only its protocol: what a frame carries and where the
 * fields are.
 */
abstract class StreamConnector implements Connector {
    private static final Logger LOG = Logger.getLogger(StreamConnector.class);
    private static final Pattern LANG = Pattern.compile("[a-z]{2}");
    static final int MAX_TAGS = 50;
    static final String USER_AGENT = "retail-pulse-ingest";

    private final String name;
    protected final ObjectMapper json;

    StreamConnector(String name, ObjectMapper json) {
        this.name = name;
        this.json = json;
    }

    /**
     * For the CDI client proxies of the connectors only: Quarkus gives each {@code @ApplicationScoped} subclass a
     * no-args constructor for its proxy, which must call one here; the proxy delegates every call to the bean.
     */
    protected StreamConnector() {
        this(null, null);
    }

    @Override
    public String name() {
        return name;
    }

    /** A frame that carries no JSON at all (Mastodon: events other than {@code update}), else null. */
    protected Reading skip(Framing.Frame frame) {
        return null;
    }

    /** What the stream calls one frame in a reason ({@code line}, {@code update}). */
    protected abstract String frameName();

    /** What one frame's JSON object means. */
    protected abstract Reading readObject(Stream stream, JsonNode object);

    @Override
    public Reading read(Stream stream, Framing.Frame frame) {
        Reading skipped = skip(frame);
        if (skipped != null) {
            return skipped;
        }
        JsonNode node;
        try {
            node = json.readTree(frame.data());
        } catch (JsonProcessingException e) {
            return new Reading.Malformed(frameName() + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new Reading.Malformed(frameName() + " is not a JSON object");
        }
        return readObject(stream, node);
    }

    /** A new feedback item of this connector's source. */
    protected ObjectNode post(String externalId) {
        ObjectNode item = json.createObjectNode();
        item.put("source", name);
        item.put("externalId", externalId);
        return item;
    }

    /** Sets {@code lang} when the platform gave a two-letter code. */
    protected static void lang(ObjectNode item, String lang) {
        if (LANG.matcher(lang).matches()) {
            item.put("lang", lang);
        }
    }

    /** The item's {@code tags}; add with {@link #tag}. */
    protected static ArrayNode tags(ObjectNode item) {
        return item.putArray("tags");
    }

    /** Adds {@code #name} while there are fewer than {@value #MAX_TAGS} tags. */
    protected static void tag(ArrayNode tags, String name) {
        if (tags.size() < MAX_TAGS) {
            tags.add("#" + name);
        }
    }

    /** The token as the one secret to mask, when there is one. */
    protected static List<String> secret(Optional<String> token) {
        return token.map(List::of).orElse(List.of());
    }

    protected static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The platform's rate-limit reset from {@code header} read by {@code parse}; else {@code Retry-After}. */
    protected Optional<Instant> retryAt(MultiMap headers, Instant now, String header, Function<String, Instant> parse) {
        String reset = headers.get(header);
        if (reset != null) {
            try {
                return Optional.of(parse.apply(reset.trim()));
            } catch (RuntimeException e) {
                LOG.debugf("%s: unreadable %s '%s'", name, header, reset);
            }
        }
        return Connector.super.retryAt(headers, now);
    }
}
