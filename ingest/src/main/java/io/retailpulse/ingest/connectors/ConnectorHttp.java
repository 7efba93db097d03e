package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;

/** JSON request/response calls a connector makes besides its stream (X rules, Mastodon instance discovery). */
public final class ConnectorHttp {
    /** Error bodies kept for the log and status (redacted first). */
    static final int MAX_ERROR_BODY = 2000;

    private final HttpClient client;
    private final ObjectMapper json;

    ConnectorHttp(HttpClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    public ObjectMapper json() {
        return json;
    }

    /** Sends the request (with a JSON body if not null); a non-2xx answer fails with {@link StreamFailure}. */
    public Future<JsonNode> call(RequestOptions options, Object body) {
        Buffer payload;
        try {
            payload = body == null ? null : Buffer.buffer(json.writeValueAsBytes(body));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        if (payload != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options)
                .compose(req -> payload == null ? req.send() : req.send(payload))
                .recover(e -> Future.failedFuture(StreamFailure.network(e)))
                .compose(resp -> resp.body().compose(b -> answer(options, resp, b)));
    }

    private Future<JsonNode> answer(RequestOptions options, HttpClientResponse resp, Buffer body) {
        if (resp.statusCode() / 100 != 2) {
            return Future.failedFuture(StreamFailure.http(
                    resp.statusCode(), resp.headers(), options.getMethod() + " " + path(options) + ": " + text(body)));
        }
        try {
            return Future.succeededFuture(
                    body.length() == 0 ? json.createObjectNode() : json.readTree(body.getBytes()));
        } catch (IOException e) {
            return Future.failedFuture(StreamFailure.http(
                    resp.statusCode(),
                    MultiMap.caseInsensitiveMultiMap(),
                    options.getMethod() + " " + path(options) + " answered unreadable JSON: " + e.getMessage()));
        }
    }

    static String text(Buffer body) {
        String s = body == null ? "" : body.toString();
        return s.length() > MAX_ERROR_BODY ? s.substring(0, MAX_ERROR_BODY) + "…" : s;
    }

    private static String path(RequestOptions options) {
        String uri = options.getURI();
        int q = uri == null ? -1 : uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
