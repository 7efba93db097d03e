package io.retailpulse.analytics.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the JDK's own
 * WebSocket client: no WebDriver, no browser download. One page, fresh profile, deleted on close.
 */
final class Chromium implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Chromium.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** The flags PLATFORM-FACTS.md lists for headless Chromium on these machines, plus the DevTools port. */
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*");

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    /** The browser binary: {@code PULSE_CHROMIUM} if set, else chromium (or chrome) on the PATH. */
    static Optional<Path> find() {
        String configured = System.getenv("PULSE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private Chromium(Process process, Path profile, WebSocket.Builder sockets, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = sockets.buildAsync(page, new Listener()).join();
    }

    /** Starts the browser with a blank page, window width x height, and attaches to that page. */
    static Chromium launch(Path binary, int width, int height, Path log) {
        Path profile;
        try {
            profile = Files.createTempDirectory("pulse-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--window-size=" + width + "," + height);
        command.add("about:blank");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        try {
            int port = devToolsPort(profile, process, log);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI page = pageTarget(http, port);
            return new Chromium(process, profile, http.newWebSocketBuilder(), page).enable();
        } catch (RuntimeException e) {
            process.destroyForcibly();
            delete(profile);
            throw e;
        }
    }

    /** Chromium writes the port it chose to {@code DevToolsActivePort} in the profile. */
    private static int devToolsPort(Path profile, Process process, Path log) {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ", see " + log);
            }
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file);
                    if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                        return Integer.parseInt(lines.get(0).trim());
                    }
                }
                Thread.sleep(100);
            } catch (IOException | NumberFormatException e) {
                // written but not complete yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("chromium did not open its DevTools port within 60 s, see " + log);
    }

    private static URI pageTarget(HttpClient http, int port) {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                String body = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (JsonNode target : json.readTree(body)) {
                    if ("page".equals(target.path("type").asText())) {
                        return URI.create(target.path("webSocketDebuggerUrl").asText());
                    }
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chromium on port " + port + " shows no page target");
            }
            sleep(200);
        }
    }

    private Chromium enable() {
        call("Runtime.enable", null);
        call("Log.enable", null);
        call("Page.enable", null);
        return this;
    }

    /** Loads the URL (returns once navigation committed; wait for the page's own signal after that). */
    void navigate(String url) {
        ObjectNode params = json.createObjectNode().put("url", url);
        JsonNode result = call("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("navigation to " + url + " failed: "
                    + result.get("errorText").asText());
        }
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its JSON value. */
    JsonNode evaluate(String expression) {
        ObjectNode params = json.createObjectNode()
                .put("expression", expression)
                .put("awaitPromise", true)
                .put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new IllegalStateException("page threw on '" + expression + "': "
                    + details.path("exception")
                            .path("description")
                            .asText(details.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    /** Evaluates {@code expression} until the test passes, or fails after the timeout with the last value. */
    JsonNode await(String expression, Predicate<JsonNode> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object value;
        do {
            try {
                JsonNode result = evaluate(expression);
                if (test.test(result)) {
                    return result;
                }
                value = result;
            } catch (IllegalStateException e) {
                value = e.getMessage(); // e.g. while the document is still being replaced
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("after " + timeout.toSeconds() + " s, '" + expression + "' is still " + value
                + "; browser console: " + console());
    }

    /** PNG of the whole page (beyond the window if it is longer). */
    void screenshot(Path file) {
        ObjectNode params = json.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        String data = call("Page.captureScreenshot", params).path("data").asText();
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages, uncaught exceptions and browser log entries (CSP violations, failed loads) so far. */
    List<String> console() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    private JsonNode call(String method, JsonNode params) {
        long id = ids.incrementAndGet();
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        try {
            socket.sendText(json.writeValueAsString(message), true).join();
            JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(method + " failed", e);
        } finally {
            calls.remove(id);
        }
    }

    private void onMessage(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            LOG.warnf("unreadable DevTools message: %s", e.getMessage());
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> call = calls.get(message.get("id").asLong());
            if (call != null) {
                call.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                StringBuilder line = new StringBuilder("console.")
                        .append(params.path("type").asText())
                        .append(':');
                params.path("args")
                        .forEach(arg -> line.append(' ')
                                .append(
                                        arg.has("value")
                                                ? arg.get("value").asText()
                                                : arg.path("description").asText()));
                console.add(line.toString());
            }
            case "Runtime.exceptionThrown" ->
                console.add("exception: "
                        + params.path("exceptionDetails")
                                .path("exception")
                                .path("description")
                                .asText(params.path("exceptionDetails")
                                        .path("text")
                                        .asText()));
            case "Log.entryAdded" ->
                console.add("log." + params.path("entry").path("level").asText() + ": "
                        + params.path("entry").path("text").asText() + " "
                        + params.path("entry").path("url").asText(""));
            default -> {
                // other events are not needed
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        } catch (RuntimeException e) {
            // the browser goes anyway
        }
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Chromium's helper processes may outlive the main one for a moment.
        helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        delete(profile);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: best effort
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            webSocket.request(1);
            return null;
        }
    }
}
