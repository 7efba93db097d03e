package io.retailpulse.ingest.connectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.events.FeedbackEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Runs one {@link Connector}: keeps each of its streams open (reconnecting with {@link ReconnectBackoff}, reconnecting a
 * stream that stalls), reads frames, drops repeated posts, and hands posts on to feedback.raw in batches through
 * {@link FeedbackSink}, one batch at a time on a worker thread. While too many posts wait, the HTTP responses are
 * paused (TCP back-pressure). Every state change happens on the runner's own Vert.x event-loop context, so the
 * state needs no locks; the counters the status reads are atomic or volatile.
 */
final class ConnectorRunner {
    private static final Logger LOG = Logger.getLogger(ConnectorRunner.class);

    private final Connector connector;
    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final ConnectorHttp http;
    private final ConnectorsConfig config;
    private final FeedbackSink sink;
    private final Counter accepted;
    private final Counter duplicate;
    private final Counter malformed;
    private final Counter ignored;
    private final MeterRegistry registry;

    // event-loop state
    private final List<Session> sessions = new ArrayList<>();
    private final List<FeedbackEvent> pending = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> pendingDead = new ArrayList<>();
    private final Set<String> pendingIds = new HashSet<>();
    private final LinkedHashMap<String, Boolean> recent;
    private Future<Void> preparation;
    private boolean publishing;
    private long flushTimer = -1;
    private long watchdog = -1;
    private Duration publishRetry = Duration.ofMillis(500);
    private boolean paused;

    // read by status
    private volatile String state = "stopped";
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String lastOperational;
    private volatile int pendingCount;
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong malformedCount = new AtomicLong();
    private final AtomicLong ignoredCount = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final long[] perSecond = new long[60];
    private final long[] perSecondAt = new long[60];

    ConnectorRunner(
            Connector connector,
            Vertx vertx,
            HttpClient client,
            ConnectorHttp http,
            ConnectorsConfig config,
            FeedbackSink sink,
            MeterRegistry registry) {
        this.connector = connector;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.http = http;
        this.config = config;
        this.sink = sink;
        this.registry = registry;
        String name = connector.name();
        this.accepted = registry.counter("ingest_connector_posts_total", "connector", name, "outcome", "accepted");
        this.duplicate = registry.counter("ingest_connector_posts_total", "connector", name, "outcome", "duplicate");
        this.malformed = registry.counter("ingest_connector_posts_total", "connector", name, "outcome", "malformed");
        this.ignored = registry.counter("ingest_connector_posts_total", "connector", name, "outcome", "ignored");
        registry.gauge(
                "ingest_connector_streaming",
                List.of(io.micrometer.core.instrument.Tag.of("connector", name)),
                this,
                r -> r.sessions.stream()
                        .filter(s -> "streaming".equals(s.state))
                        .count());
        int memory = Math.max(1, config.dedupeMemory());
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > memory;
            }
        };
    }

    String name() {
        return connector.name();
    }

    /** Starts the streams (nothing if they run); completes once the runner's context took the order. */
    CompletableFuture<Void> start() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                doStart();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            doStop();
            done.complete(null);
        });
        return done;
    }

    private void doStart() {
        if ("running".equals(state)) {
            return;
        }
        List<String> missing = connector.missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "connector " + connector.name() + " is not configured: set " + String.join(", ", missing));
        }
        state = "running";
        preparation = null;
        sessions.clear();
        for (Connector.Stream stream : connector.streams()) {
            sessions.add(new Session(stream));
        }
        LOG.infof("%s: starting %d stream(s)", connector.name(), sessions.size());
        long every = Math.max(10, config.stallTimeout().toMillis() / 4);
        watchdog = vertx.setPeriodic(every, id -> sessions.forEach(Session::checkStall));
        sessions.forEach(Session::connect);
    }

    private void doStop() {
        if ("stopped".equals(state)) {
            return;
        }
        sessions.forEach(Session::close);
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
        state = pending.isEmpty() && pendingDead.isEmpty() && !publishing ? "stopped" : "stopping";
        LOG.infof("%s: stopped its streams (%d posts still being handed on)", connector.name(), pending.size());
    }

    ConnectorStatus status() {
        List<ConnectorStatus.StreamStatus> streams = new ArrayList<>();
        for (Session s : List.copyOf(sessions)) {
            streams.add(new ConnectorStatus.StreamStatus(
                    s.stream.name(), s.state, s.connectedSince, s.lastDataAt, s.nextAttemptAt, s.connections));
        }
        List<String> missing = connector.missing();
        return new ConnectorStatus(
                connector.name(),
                missing.isEmpty(),
                missing.isEmpty() ? null : missing,
                state,
                streams,
                posts.get(),
                duplicates.get(),
                malformedCount.get(),
                ignoredCount.get(),
                reconnects.get(),
                rate(),
                pendingCount,
                lastError,
                lastErrorAt,
                lastOperational,
                connector.details());
    }

    // ---- posts -> feedback.raw

    private void onFrame(Session session, Framing.Frame frame) {
        Connector.Reading reading;
        try {
            reading = connector.read(session.stream, frame);
        } catch (RuntimeException e) {
            reading = new Connector.Reading.Malformed("unreadable frame: " + e);
        }
        if (reading instanceof Connector.Reading.Post post) {
            FeedbackEvent event;
            try {
                event = sink.parse(post.item());
            } catch (IllegalArgumentException e) {
                onMalformed(frame.data(), "invalid post: " + e.getMessage());
                return;
            }
            add(event);
        } else if (reading instanceof Connector.Reading.Operational op) {
            lastOperational = redact(op.message());
            LOG.warnf("%s %s: message from the platform: %s", connector.name(), session.stream.name(), lastOperational);
        } else if (reading instanceof Connector.Reading.Ignored ign) {
            ignoredCount.incrementAndGet();
            ignored.increment();
            LOG.debugf("%s: frame ignored (%s)", connector.name(), ign.why());
        } else if (reading instanceof Connector.Reading.Malformed bad) {
            onMalformed(frame.data(), bad.reason());
        }
    }

    private void onMalformed(String raw, String reason) {
        malformedCount.incrementAndGet();
        malformed.increment();
        String cut = raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
        LOG.warnf("%s: dead-lettering a frame (%s): %s", connector.name(), reason, redact(cut));
        pendingDead.add(sink.deadLetter(connector.name(), redact(raw), reason));
        afterAdd();
    }

    private void add(FeedbackEvent event) {
        String id = event.eventId();
        if (pendingIds.contains(id) || recent.containsKey(id)) {
            duplicates.incrementAndGet();
            duplicate.increment();
            return;
        }
        recent.put(id, Boolean.TRUE);
        pendingIds.add(id);
        pending.add(event);
        afterAdd();
    }

    private void afterAdd() {
        pendingCount = pending.size() + pendingDead.size();
        if (pendingCount >= config.maxPending() && !paused) {
            paused = true;
            LOG.infof("%s: %d posts waiting for Kafka; pausing the streams", connector.name(), pendingCount);
            sessions.forEach(Session::pause);
        }
        if (pendingCount >= config.batchSize()) {
            flush();
        } else if (flushTimer < 0 && !publishing) {
            flushTimer = vertx.setTimer(Math.max(1, config.batchDelay().toMillis()), id -> {
                flushTimer = -1;
                flush();
            });
        }
    }

    private void flush() {
        if (publishing || (pending.isEmpty() && pendingDead.isEmpty())) {
            return;
        }
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
            flushTimer = -1;
        }
        int n = Math.min(pending.size(), Math.max(1, config.batchSize()));
        List<FeedbackEvent> batch = new ArrayList<>(pending.subList(0, n));
        List<ProducerRecord<String, byte[]>> dead = new ArrayList<>(pendingDead);
        pending.subList(0, n).clear();
        pendingDead.clear();
        publishing = true;
        Future<Long> sent = context.executeBlocking((Promise<Long> p) -> p.complete(sink.publish(batch, dead)), false);
        sent.onComplete(ar -> {
            publishing = false;
            if (ar.succeeded()) {
                long fresh = ar.result();
                posts.addAndGet(fresh);
                accepted.increment(fresh);
                count(fresh);
                long repeated = batch.size() - fresh;
                duplicates.addAndGet(repeated);
                duplicate.increment(repeated);
                batch.forEach(e -> pendingIds.remove(e.eventId()));
                publishRetry = Duration.ofMillis(500);
                pendingCount = pending.size() + pendingDead.size();
                if (paused && pendingCount < config.maxPending() / 2) {
                    paused = false;
                    sessions.forEach(Session::resume);
                }
                if (pendingCount > 0) {
                    afterAdd();
                } else if ("stopping".equals(state)) {
                    state = "stopped";
                }
            } else {
                pending.addAll(0, batch);
                pendingDead.addAll(0, dead);
                pendingCount = pending.size() + pendingDead.size();
                error("handing " + batch.size() + " posts to feedback.raw failed ("
                        + ar.cause().getMessage() + "); retrying in " + publishRetry.toMillis() + " ms");
                LOG.warnf("%s: %s", connector.name(), lastError);
                Duration wait = publishRetry;
                publishRetry = publishRetry.multipliedBy(2).compareTo(config.publishRetryMax()) > 0
                        ? config.publishRetryMax()
                        : publishRetry.multipliedBy(2);
                flushTimer = vertx.setTimer(wait.toMillis(), id -> {
                    flushTimer = -1;
                    flush();
                });
            }
        });
    }

    private synchronized void count(long n) {
        long second = System.currentTimeMillis() / 1000;
        int slot = (int) (second % 60);
        if (perSecondAt[slot] != second) {
            perSecondAt[slot] = second;
            perSecond[slot] = 0;
        }
        perSecond[slot] += n;
    }

    /** Posts handed on per second over the last minute. */
    private synchronized double rate() {
        long now = System.currentTimeMillis() / 1000;
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            if (now - perSecondAt[i] < 60) {
                sum += perSecond[i];
            }
        }
        return sum / 60.0;
    }

    private void error(String message) {
        lastError = redact(message);
        lastErrorAt = Instant.now();
    }

    /** The text with every secret of the connector replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : connector.secrets()) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    private Future<Void> prepared() {
        if (preparation == null || preparation.failed()) {
            preparation = connector.prepare(http);
        }
        return preparation;
    }

    /** One stream's connection, back-off and stall watch. */
    private final class Session implements Framing.Sink {
        final Connector.Stream stream;
        final ReconnectBackoff backoff = new ReconnectBackoff(config);
        int generation;
        HttpClientRequest request;
        HttpClientResponse response;
        long timer = -1;
        long lastDataNanos;
        boolean sawData;
        volatile String state = "waiting";
        volatile Instant connectedSince;
        volatile Instant lastDataAt;
        volatile Instant nextAttemptAt;
        volatile long connections;

        Session(Connector.Stream stream) {
            this.stream = stream;
        }

        void connect() {
            timer = -1;
            if (!"running".equals(ConnectorRunner.this.state)) {
                return;
            }
            int my = ++generation;
            state = "connecting";
            nextAttemptAt = null;
            lastDataNanos = System.nanoTime();
            sawData = false;
            prepared()
                    .compose(v -> client.request(connector.request(stream)))
                    .compose(req -> {
                        if (my != generation) {
                            req.reset();
                            return Future.failedFuture("stale");
                        }
                        request = req;
                        return req.send();
                    })
                    .onComplete(ar -> {
                        if (my != generation) {
                            if (ar.succeeded()) {
                                ar.result().request().reset();
                            }
                            return;
                        }
                        if (ar.failed()) {
                            fail(my, ar.cause() instanceof StreamFailure f ? f : StreamFailure.network(ar.cause()));
                            return;
                        }
                        HttpClientResponse resp = ar.result();
                        if (resp.statusCode() != 200) {
                            resp.body()
                                    .onComplete(body -> fail(
                                            my,
                                            StreamFailure.http(
                                                    resp.statusCode(),
                                                    resp.headers(),
                                                    "on " + stream.name() + ": "
                                                            + ConnectorHttp.text(
                                                                    body.succeeded() ? body.result() : null))));
                            return;
                        }
                        streaming(my, resp);
                    });
        }

        private void streaming(int my, HttpClientResponse resp) {
            response = resp;
            state = paused ? "paused" : "streaming";
            connectedSince = Instant.now();
            connections++;
            LOG.infof("%s %s: connected", connector.name(), stream.name());
            Framing.Framer framer = connector.framer(config.maxFrameBytes());
            resp.handler(chunk -> {
                if (my != generation) {
                    return;
                }
                onData(chunk, framer);
            });
            resp.exceptionHandler(e -> fail(my, StreamFailure.network(e)));
            resp.endHandler(v -> fail(my, StreamFailure.ended("the server ended the stream")));
            if (paused) {
                resp.pause();
            }
        }

        private void onData(Buffer chunk, Framing.Framer framer) {
            lastDataNanos = System.nanoTime();
            lastDataAt = Instant.now();
            if (!sawData) {
                sawData = true;
                backoff.reset();
            }
            framer.feed(chunk, this);
        }

        @Override
        public void frame(Framing.Frame frame) {
            onFrame(this, frame);
        }

        @Override
        public void keepAlive() {
            LOG.tracef("%s %s: keep-alive", connector.name(), stream.name());
        }

        @Override
        public void malformed(String raw, String reason) {
            onMalformed(raw, reason);
        }

        void checkStall() {
            if (!("connecting".equals(state) || "streaming".equals(state))) {
                return;
            }
            long silent = System.nanoTime() - lastDataNanos;
            if (silent > config.stallTimeout().toNanos()) {
                fail(
                        generation,
                        StreamFailure.stall("no data or keep-alive for " + silent / 1_000_000 + " ms on "
                                + stream.name() + " (stall)"));
            }
        }

        void fail(int my, StreamFailure failure) {
            if (my != generation) {
                return;
            }
            generation++;
            closeConnection();
            if (!"running".equals(ConnectorRunner.this.state)) {
                state = "stopped";
                return;
            }
            reconnects.incrementAndGet();
            registry.counter(
                            "ingest_connector_reconnects_total",
                            "connector",
                            connector.name(),
                            "reason",
                            failure.reason())
                    .increment();
            Instant now = Instant.now();
            Duration delay = backoff.next(
                    failure.kind(),
                    failure.kind() == ReconnectBackoff.Kind.RATE_LIMIT
                            ? connector.retryAt(failure.headers(), now).orElse(null)
                            : null,
                    now);
            error(failure.getMessage());
            LOG.warnf("%s %s: %s; reconnecting in %d ms", connector.name(), stream.name(), lastError, delay.toMillis());
            state = "waiting";
            nextAttemptAt = now.plus(delay);
            timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> connect());
        }

        void pause() {
            if (response != null && "streaming".equals(state)) {
                response.pause();
                state = "paused";
            }
        }

        void resume() {
            if (response != null && "paused".equals(state)) {
                lastDataNanos = System.nanoTime();
                state = "streaming";
                response.resume();
            }
        }

        void close() {
            generation++;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            closeConnection();
            state = "stopped";
            nextAttemptAt = null;
        }

        private void closeConnection() {
            HttpClientRequest r = request;
            request = null;
            response = null;
            connectedSince = null;
            if (r != null) {
                r.reset();
            }
        }
    }
}
