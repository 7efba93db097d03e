package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One social stream source. A connector only knows its protocol: which streams to open, how to prepare them
 * (X: sync the rules), how the bytes are framed and what a frame means. Reconnecting, back-off, stall detection,
 * dedupe, batching into feedback.raw, metrics and start/stop are {@link ConnectorRunner}'s, the same for all.
 * Adding a source is one {@code @ApplicationScoped} class implementing this, plus its configuration.
 */
public interface Connector {
    /** Name in the REST API and metrics; also the {@code source} of its posts on feedback.raw. */
    String name();

    /** Settings (environment names) still missing for the connector to run; empty when it can run. */
    List<String> missing();

    /** Values that must never appear in logs or status (tokens); replaced by {@code ***}. */
    List<String> secrets();

    /** The streams to keep open, each with its own connection, back-off and stall watch. */
    List<Stream> streams();

    /** Work before the first connection of a run (and again after it failed); its failure is retried with back-off. */
    default Future<Void> prepare(ConnectorHttp http) {
        return Future.succeededFuture();
    }

    /** The streaming request of one stream. */
    RequestOptions request(Stream stream);

    /** A new framer for one connection. */
    Framing.Framer framer(int maxFrameBytes);

    /** What one frame of the stream means. */
    Reading read(Stream stream, Framing.Frame frame);

    /** When a 429 answer says to come back; by default its {@code Retry-After} seconds. */
    default Optional<Instant> retryAt(MultiMap headers, Instant now) {
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            try {
                return Optional.of(now.plusSeconds(Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Connector-specific facts for the status answer (X: the active rules). */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** One stream of a connector ({@code key}: what distinguishes it, e.g. the hashtag). */
    record Stream(String name, String key) {}

    /** The meaning of a frame. */
    sealed interface Reading {
        /** A post, as a feedback item ({@code source, externalId, text, ts, ...}) for the feedback parser. */
        record Post(ObjectNode item) implements Reading {}

        /** A message of the platform about the stream itself (X operational disconnects, errors). */
        record Operational(String message) implements Reading {}

        /** A valid frame that carries no post (a deletion, an edit, a post without text). */
        record Ignored(String why) implements Reading {}

        /** A frame that cannot be read: dead-lettered with the reason. */
        record Malformed(String reason) implements Reading {}
    }
}
