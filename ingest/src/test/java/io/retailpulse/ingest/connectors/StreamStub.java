package io.retailpulse.ingest.connectors;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking the X filtered-stream API (rules and NDJSON stream) and Mastodon's hashtag SSE
 * streaming, over real HTTP. Each stream connection plays the next queued {@link Script}; with none left it keeps
 * the connection open with keep-alives.
 */
final class StreamStub implements AutoCloseable {
    /** What one stream connection does. */
    interface Script {
        void play(HttpServerRequest request, StreamStub stub);
    }

    final Vertx vertx = Vertx.vertx();
    final Map<String, String> rules = new ConcurrentHashMap<>();
    final List<String> ruleCalls = new CopyOnWriteArrayList<>();
    final Queue<Script> x = new ConcurrentLinkedQueue<>();
    final Map<String, Queue<Script>> mastodon = new ConcurrentHashMap<>();
    /** Every stream connection: path (with query), when, and its Authorization header. */
    final List<Connection> connections = new CopyOnWriteArrayList<>();

    private final AtomicInteger ruleIds = new AtomicInteger(100);
    private final HttpServer server;

    record Connection(String path, Instant at, String authorization) {}

    StreamStub(int port) throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/2/tweets/search/stream/rules")) {
            rules(req);
        } else if (path.equals("/2/tweets/search/stream")) {
            connections.add(new Connection(req.uri(), Instant.now(), req.getHeader("Authorization")));
            Script s = x.poll();
            (s != null ? s : keepAlive("\r\n")).play(req, this);
        } else if (path.equals("/api/v1/streaming/hashtag")) {
            connections.add(new Connection(req.uri(), Instant.now(), req.getHeader("Authorization")));
            Script s = mastodon.computeIfAbsent(req.getParam("tag"), t -> new ConcurrentLinkedQueue<>())
                    .poll();
            (s != null ? s : keepAlive(":thump\n")).play(req, this);
        } else {
            req.response().setStatusCode(404).end("{\"error\":\"Not found\"}");
        }
    }

    private void rules(HttpServerRequest req) {
        if (!("Bearer " + StubProfile.X_TOKEN).equals(req.getHeader("Authorization"))) {
            req.response().setStatusCode(401).end("{\"title\":\"Unauthorized\"}");
            return;
        }
        if ("GET".equals(req.method().name())) {
            JsonArray data = new JsonArray();
            rules.forEach((id, value) -> data.add(new JsonObject().put("id", id).put("value", value)));
            req.response()
                    .end(new JsonObject()
                            .put("data", data)
                            .put("meta", new JsonObject().put("result_count", data.size()))
                            .encode());
            return;
        }
        req.body().onSuccess(body -> {
            ruleCalls.add(body.toString());
            JsonObject call = body.toJsonObject();
            if (call.containsKey("delete")) {
                call.getJsonObject("delete").getJsonArray("ids").forEach(id -> rules.remove(id.toString()));
                req.response().end("{\"meta\":{\"summary\":{\"deleted\":1}}}");
            } else {
                JsonArray errors = new JsonArray();
                for (Object o : call.getJsonArray("add")) {
                    String value = ((JsonObject) o).getString("value");
                    if (value.contains("(")) {
                        errors.add(new JsonObject().put("value", value).put("title", "UnprocessableEntity"));
                    } else {
                        rules.put(Integer.toString(ruleIds.incrementAndGet()), value);
                    }
                }
                req.response()
                        .setStatusCode(201)
                        .end(new JsonObject().put("errors", errors).encode());
            }
        });
    }

    /** 200, then each chunk 20 ms apart, then {@code after}: "close" (drop the connection), "stall" or "keep-alive". */
    static Script chunks(List<String> chunks, String after) {
        return (req, stub) -> {
            var resp = req.response().setChunked(true).setStatusCode(200);
            resp.putHeader("Content-Type", req.path().contains("streaming") ? "text/event-stream" : "application/json");
            resp.write("");
            long delay = 20;
            for (String c : chunks) {
                stub.vertx.setTimer(delay, t -> resp.write(c));
                delay += 20;
            }
            stub.vertx.setTimer(delay + 20, t -> {
                switch (after) {
                    case "close" -> req.connection().close();
                    case "stall" -> {
                        // nothing more: no data, no keep-alive
                    }
                    default ->
                        keepAlive(req.path().contains("streaming") ? ":thump\n" : "\r\n")
                                .play(req, stub);
                }
            });
        };
    }

    static Script status(int status, Map<String, String> headers, String body) {
        return (req, stub) -> {
            var resp = req.response().setStatusCode(status);
            headers.forEach(resp::putHeader);
            resp.end(body);
        };
    }

    /** An X 429 whose x-rate-limit-reset lies {@code seconds} ahead; the reset time is recorded in {@code at}. */
    static Script rateLimited(int seconds, List<Instant> at) {
        return (req, stub) -> {
            long reset = Instant.now().getEpochSecond() + seconds;
            at.add(Instant.ofEpochSecond(reset));
            req.response()
                    .setStatusCode(429)
                    .putHeader("x-rate-limit-reset", Long.toString(reset))
                    .end("{\"title\":\"Too Many Requests\"}");
        };
    }

    static Script keepAlive(String beat) {
        return (req, stub) -> {
            var resp = req.response();
            if (!resp.headWritten()) {
                resp.setChunked(true).setStatusCode(200);
            }
            long id = stub.vertx.setPeriodic(200, t -> {
                if (!resp.closed()) {
                    resp.write(beat);
                }
            });
            resp.closeHandler(v -> stub.vertx.cancelTimer(id));
        };
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
