package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.ConfigMapping;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Mastodon public hashtag timelines over server-sent events ({@code GET /api/v1/streaming/hashtag?tag=...}),
 * one stream per hashtag of {@code PULSE_MASTODON_HASHTAGS}. {@code update} events are posts (source
 * {@code mastodon}, externalId the status URI, the same on every server, so a post seen on two hashtags is
 * handed on once); deletions and edits are ignored. The streaming host comes from the server's
 * {@code /api/v2/instance} ({@code configuration.urls.streaming}) unless {@code pulse.mastodon.streaming-url} is
 * set; without either the server URL itself is used.
 */
@ApplicationScoped
public class MastodonConnector extends StreamConnector {
    private static final Logger LOG = Logger.getLogger(MastodonConnector.class);
    static final String NAME = "mastodon";
    private static final int MAX_EXTERNAL_ID = 128;

    /** {@code pulse.mastodon.*}: env {@code PULSE_MASTODON_URL}, {@code PULSE_MASTODON_HASHTAGS}, {@code PULSE_MASTODON_TOKEN}. */
    @ConfigMapping(prefix = "pulse.mastodon")
    public interface Config {
        /** The server, e.g. https://mastodon.social. */
        Optional<String> url();

        /** Hashtags without {@code #}, separated by commas or {@code ;}. */
        Optional<String> hashtags();

        /** User access token with {@code read:statuses} (Mastodon 4.2+ requires one for streaming); a secret. */
        Optional<String> token();

        /** The streaming host, when discovery through /api/v2/instance is not wanted. */
        Optional<String> streamingUrl();
    }

    private final Config config;
    private volatile String streamingBase;

    public MastodonConnector(Config config, ObjectMapper json) {
        super(NAME, json);
        this.config = config;
    }

    @Override
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (config.url().filter(u -> !u.isBlank()).isEmpty()) {
            missing.add("PULSE_MASTODON_URL");
        }
        if (hashtags().isEmpty()) {
            missing.add("PULSE_MASTODON_HASHTAGS");
        }
        return missing;
    }

    @Override
    public List<String> secrets() {
        return secret(config.token());
    }

    List<String> hashtags() {
        Set<String> tags = new LinkedHashSet<>();
        config.hashtags()
                .ifPresent(h -> Arrays.stream(h.split("[,;]"))
                        .map(String::trim)
                        .map(t -> t.startsWith("#") ? t.substring(1) : t)
                        .filter(t -> !t.isEmpty())
                        .forEach(tags::add));
        return List.copyOf(tags);
    }

    @Override
    public List<Stream> streams() {
        return hashtags().stream().map(t -> new Stream("#" + t, t)).toList();
    }

    @Override
    public Future<Void> prepare(ConnectorHttp http) {
        if (config.streamingUrl().isPresent()) {
            streamingBase = trimSlash(config.streamingUrl().get());
            return Future.succeededFuture();
        }
        String server = trimSlash(config.url().orElseThrow());
        RequestOptions options =
                new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(server + "/api/v2/instance");
        return http.call(options, null)
                .map(instance -> {
                    String streaming = instance.path("configuration")
                            .path("urls")
                            .path("streaming")
                            .asText("");
                    streamingBase = streaming.isEmpty()
                            ? server
                            : trimSlash(streaming
                                    .replaceFirst("^wss://", "https://")
                                    .replaceFirst("^ws://", "http://"));
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.debugf(
                            "mastodon: no streaming host from /api/v2/instance (%s); streaming from %s",
                            e.getMessage(), server);
                    streamingBase = server;
                    return Future.succeededFuture();
                });
    }

    @Override
    public RequestOptions request(Stream stream) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(streamingBase + "/api/v1/streaming/hashtag?tag="
                        + URLEncoder.encode(stream.key(), StandardCharsets.UTF_8))
                .putHeader("Accept", "text/event-stream")
                .putHeader("User-Agent", USER_AGENT);
        config.token().filter(t -> !t.isBlank()).ifPresent(t -> options.putHeader("Authorization", "Bearer " + t));
        return options;
    }

    @Override
    public Framing.Framer framer(int maxFrameBytes) {
        return Framing.sse(maxFrameBytes);
    }

    @Override
    protected Reading skip(Framing.Frame frame) {
        return "update".equals(frame.event()) ? null : new Reading.Ignored("event " + frame.event());
    }

    @Override
    protected String frameName() {
        return "update";
    }

    @Override
    protected Reading readObject(Stream stream, JsonNode status) {
        if (status.path("reblog").isObject()) {
            status = status.get("reblog");
        }
        String uri = status.path("uri").asText(status.path("url").asText(""));
        if (uri.isEmpty()) {
            return new Reading.Malformed("status without uri");
        }
        String text = text(status.path("content").asText(""));
        String spoiler = status.path("spoiler_text").asText("");
        if (!spoiler.isBlank()) {
            text = spoiler + "\n\n" + text;
        }
        if (text.isBlank()) {
            return new Reading.Ignored("status " + uri + " has no text");
        }
        ObjectNode item = post(
                uri.length() <= MAX_EXTERNAL_ID
                        ? uri
                        : "urn:uuid:" + UUID.nameUUIDFromBytes(uri.getBytes(StandardCharsets.UTF_8)));
        item.put("text", text);
        item.put("ts", timestamp(status.path("created_at").asText("")));
        String acct = status.path("account").path("acct").asText("");
        if (!acct.isEmpty()) {
            item.put("userId", acct.length() > 128 ? acct.substring(0, 128) : acct);
        }
        lang(item, status.path("language").asText(""));
        ArrayNode tags = tags(item);
        for (JsonNode tag : status.path("tags")) {
            String name = tag.path("name").asText("");
            if (!name.isEmpty() && name.length() < 64) {
                tag(tags, name);
            }
        }
        ObjectNode metadata = item.putObject("metadata");
        metadata.put("hashtag", stream.key());
        metadata.put("url", status.path("url").asText(uri));
        metadata.put("statusId", status.path("id").asText(""));
        return new Reading.Post(item);
    }

    private static String timestamp(String createdAt) {
        try {
            return OffsetDateTime.parse(createdAt).toInstant().toString();
        } catch (DateTimeParseException e) {
            return Instant.now().toString();
        }
    }

    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);");

    /**
     * Mastodon's status HTML (a sanitised subset: p, br, a, span) as plain text: paragraphs and line breaks become
     * newlines, tags go, entities are decoded. Hand-written: no kept library parses HTML, and the subset is small.
     */
    static String text(String html) {
        String s = html.replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</p>\\s*<p[^>]*>", "\n\n")
                .replaceAll("<[^>]*>", "");
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> {
                    int cp = e.startsWith("#x")
                            ? Integer.parseInt(e.substring(2), 16)
                            : Integer.parseInt(e.substring(1));
                    yield Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    /** Mastodon's {@code X-RateLimit-Reset} is an ISO-8601 time; else {@code Retry-After}. */
    @Override
    public Optional<Instant> retryAt(MultiMap headers, Instant now) {
        return retryAt(
                headers,
                now,
                "X-RateLimit-Reset",
                reset -> OffsetDateTime.parse(reset).toInstant());
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("hashtags", hashtags(), "streamingUrl", streamingBase == null ? "" : streamingBase);
    }
}
