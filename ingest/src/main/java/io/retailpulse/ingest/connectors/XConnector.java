package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * X API v2 filtered stream. Before streaming, the account's rules are made equal to {@code PULSE_X_RULES}
 * (missing ones added with tag {@code pulse}, others deleted); then {@code GET /2/tweets/search/stream} is read as
 * newline-delimited JSON with blank keep-alive lines. Each post goes to feedback.raw with source {@code x} and
 * its post id as externalId; {@code {"errors":[...]}} lines (operational disconnects) are logged.
 */
@ApplicationScoped
public class XConnector extends StreamConnector {
    private static final Logger LOG = Logger.getLogger(XConnector.class);
    static final String NAME = "x";
    static final String RULE_TAG = "pulse";

    /** {@code pulse.x.*}: env {@code PULSE_X_BEARER_TOKEN}, {@code PULSE_X_API_URL}, {@code PULSE_X_RULES}. */
    @ConfigMapping(prefix = "pulse.x")
    public interface Config {
        /** App-only bearer token of an X developer app (a secret: never logged). */
        Optional<String> bearerToken();

        @WithDefault("https://api.x.com")
        String apiUrl();

        /** Rule values separated by {@code ;} (a rule may contain commas). */
        Optional<String> rules();

        /** {@code tweet.fields} asked for on the stream. */
        @WithDefault("created_at,lang,author_id,entities")
        String tweetFields();
    }

    private final Config config;
    private volatile List<String> activeRules = List.of();
    private volatile List<String> refusedRules = List.of();

    public XConnector(Config config, ObjectMapper json) {
        super(NAME, json);
        this.config = config;
    }

    @Override
    public List<String> missing() {
        return config.bearerToken().filter(t -> !t.isBlank()).isPresent() ? List.of() : List.of("PULSE_X_BEARER_TOKEN");
    }

    @Override
    public List<String> secrets() {
        return secret(config.bearerToken());
    }

    @Override
    public List<Stream> streams() {
        return List.of(new Stream("filtered-stream", null));
    }

    /** The configured rule values, trimmed, without blanks and repeats. */
    List<String> desiredRules() {
        Set<String> rules = new LinkedHashSet<>();
        config.rules()
                .ifPresent(r -> Arrays.stream(r.split(";"))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .forEach(rules::add));
        return List.copyOf(rules);
    }

    private RequestOptions options(HttpMethod method, String path) {
        return new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(base() + path)
                .putHeader("Authorization", "Bearer " + config.bearerToken().orElse(""))
                .putHeader("User-Agent", USER_AGENT);
    }

    private String base() {
        return trimSlash(config.apiUrl());
    }

    /** Adds the configured rules that are missing and deletes the others. */
    @Override
    public Future<Void> prepare(ConnectorHttp http) {
        List<String> desired = desiredRules();
        return http.call(options(HttpMethod.GET, "/2/tweets/search/stream/rules"), null)
                .compose(current -> {
                    Map<String, String> byId = new LinkedHashMap<>();
                    for (JsonNode rule : current.path("data")) {
                        byId.put(rule.path("id").asText(), rule.path("value").asText());
                    }
                    List<String> stale = byId.entrySet().stream()
                            .filter(e -> !desired.contains(e.getValue()))
                            .map(Map.Entry::getKey)
                            .toList();
                    List<String> missing =
                            desired.stream().filter(v -> !byId.containsValue(v)).toList();
                    Future<JsonNode> deleted = stale.isEmpty()
                            ? Future.succeededFuture()
                            : http.call(
                                    options(HttpMethod.POST, "/2/tweets/search/stream/rules"),
                                    Map.of("delete", Map.of("ids", stale)));
                    return deleted.compose(d -> {
                                if (!stale.isEmpty()) {
                                    LOG.infof("x: deleted %d rule(s) not in PULSE_X_RULES", stale.size());
                                }
                                if (missing.isEmpty()) {
                                    return Future.succeededFuture((JsonNode) null);
                                }
                                List<Map<String, String>> add = missing.stream()
                                        .map(v -> Map.of("value", v, "tag", RULE_TAG))
                                        .toList();
                                return http.call(
                                        options(HttpMethod.POST, "/2/tweets/search/stream/rules"), Map.of("add", add));
                            })
                            .map(added -> {
                                List<String> refused = new ArrayList<>();
                                if (added != null) {
                                    for (JsonNode error : added.path("errors")) {
                                        String value = error.path("value").asText(null);
                                        refused.add(value == null ? error.toString() : value);
                                        LOG.warnf(
                                                "x: rule '%s' refused: %s %s",
                                                value,
                                                error.path("title").asText(""),
                                                error.path("details").toString());
                                    }
                                    LOG.infof("x: added %d rule(s)", missing.size() - refused.size());
                                }
                                refusedRules = List.copyOf(refused);
                                activeRules = desired.stream()
                                        .filter(v -> !refused.contains(v))
                                        .toList();
                                return null;
                            });
                });
    }

    @Override
    public RequestOptions request(Stream stream) {
        return options(HttpMethod.GET, "/2/tweets/search/stream?tweet.fields=" + config.tweetFields());
    }

    @Override
    public Framing.Framer framer(int maxFrameBytes) {
        return Framing.ndjson(maxFrameBytes);
    }

    @Override
    protected String frameName() {
        return "line";
    }

    @Override
    protected Reading readObject(Stream stream, JsonNode line) {
        JsonNode data = line.get("data");
        if (data == null || !data.isObject()) {
            if (line.has("errors")) {
                return new Reading.Operational(operational(line.get("errors")));
            }
            return new Reading.Malformed("line has neither data nor errors");
        }
        String id = data.path("id").asText("");
        if (id.isEmpty()) {
            return new Reading.Malformed("post without id");
        }
        return new Reading.Post(post(data, line.path("matching_rules")));
    }

    private ObjectNode post(JsonNode data, JsonNode matchingRules) {
        String id = data.path("id").asText();
        ObjectNode item = post(id);
        JsonNode note = data.path("note_tweet").path("text");
        item.set("text", note.isTextual() ? note : data.get("text"));
        item.put("ts", data.path("created_at").asText(Instant.now().toString()));
        if (data.hasNonNull("author_id")) {
            item.put("userId", data.get("author_id").asText());
        }
        lang(item, data.path("lang").asText(""));
        ArrayNode tags = tags(item);
        for (JsonNode tag : data.path("entities").path("hashtags")) {
            if (tag.hasNonNull("tag")) {
                tag(tags, tag.get("tag").asText());
            }
        }
        ObjectNode metadata = item.putObject("metadata");
        metadata.put("url", "https://x.com/i/web/status/" + id);
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : matchingRules) {
            rules.add(
                    rule.hasNonNull("tag")
                            ? rule.get("tag").asText()
                            : rule.path("id").asText());
        }
        if (!rules.isEmpty()) {
            metadata.put("rules", String.join(",", rules));
        }
        return item;
    }

    private static String operational(JsonNode errors) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : errors) {
            parts.add(String.join(
                            " ",
                            e.path("title").asText(""),
                            e.path("disconnect_type").asText(""),
                            e.path("detail").asText(""))
                    .trim());
        }
        return String.join("; ", parts);
    }

    /** X's rate-limit reset (epoch seconds), else {@code Retry-After}. */
    @Override
    public Optional<Instant> retryAt(MultiMap headers, Instant now) {
        return retryAt(headers, now, "x-rate-limit-reset", reset -> Instant.ofEpochSecond(Long.parseLong(reset)));
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("rules", activeRules, "refusedRules", refusedRules);
    }
}
