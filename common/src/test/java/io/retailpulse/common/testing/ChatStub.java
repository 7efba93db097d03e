package io.retailpulse.common.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A local stub of an OpenAI-compatible {@code /v1/chat/completions} endpoint (the JDK's HTTP server, no network)
 * for the tests of common's {@code ChatCompletions} and of the services that wrap it. Each request gets the reply
 * the function gives for its index (0, 1, …); the function may sleep to play a slow endpoint. Records every
 * request's body and {@code Authorization} header.
 */
public final class ChatStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, body and extra headers (e.g. {@code Retry-After}). */
    public record Reply(int status, String body, Map<String, String> headers) {
        public Reply(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private ChatStub(IntFunction<Reply> replies) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Reply reply = replies.apply(calls.getAndIncrement());
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            try {
                exchange.sendResponseHeaders(reply.status(), body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                // the client gave up (timeout): nothing to answer
            }
            exchange.close();
        });
        // daemon threads: a reply still sleeping after the test does not hold the JVM
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "llm-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** A running stub answering request {@code i} with {@code replies.apply(i)}. */
    public static ChatStub start(IntFunction<Reply> replies) {
        try {
            return new ChatStub(replies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stub answering request {@code i} with status {@code statuses[i]} (the last repeats): {@code ok} for 200,
     * {@code error} otherwise, and a 429 with {@code Retry-After: retryAfter}.
     */
    public static ChatStub statuses(String ok, String error, String retryAfter, int... statuses) {
        return start(i -> {
            int status = statuses[Math.min(i, statuses.length - 1)];
            return new Reply(
                    status, status == 200 ? ok : error, status == 429 ? Map.of("Retry-After", retryAfter) : Map.of());
        });
    }

    /** An answer body whose {@code choices[0].message.content} is {@code content}. */
    public static String answer(String content) {
        return JSON.createObjectNode()
                .set(
                        "choices",
                        JSON.createArrayNode()
                                .add(JSON.createObjectNode()
                                        .set(
                                                "message",
                                                JSON.createObjectNode()
                                                        .put("role", "assistant")
                                                        .put("content", content))))
                .toString();
    }

    /** {@code http://127.0.0.1:<port>/v1}, the base URL a client appends {@code /chat/completions} to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<String> bodies() {
        return bodies;
    }

    /** Each request's {@code Authorization} header, {@code "null"} where there was none. */
    public List<String> authorizations() {
        return authorizations;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
