package io.retailpulse.analytics.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.stack.testing.KafkaTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test side of the live alerts: publishes to {@code feedback.alerts} and reads the SSE stream as a browser would. */
final class LiveAlerts implements AutoCloseable {
    static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaTestResource.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all"),
            new StringSerializer(),
            new StringSerializer());
    private final KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(
            Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaTestResource.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all"),
            new StringSerializer(),
            new ByteArraySerializer());

    static AlertEvent alert(String alertId, long topicId, String label, String text) {
        Instant now = Instant.now();
        return new AlertEvent(
                alertId, "ev-" + alertId, topicId, label, 0.875, "support", "u42", text, now.minusSeconds(3), now);
    }

    void publish(AlertEvent alert) throws Exception {
        publishRaw(Long.toString(alert.topicId()), JSON.writeValueAsString(alert));
    }

    void publishRaw(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>("feedback.alerts", key, value)).get(10, TimeUnit.SECONDS);
    }

    /** A value as bytes, exactly (null: a record without a value). */
    void publishBytes(String key, byte[] value) throws Exception {
        bytes.send(new ProducerRecord<>("feedback.alerts", key, value)).get(10, TimeUnit.SECONDS);
    }

    /** An open {@code GET /api/v1/alerts/stream}: every line it received so far. */
    static final class Stream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<HttpResponse<Void>> response;

        Stream(URI base, String key) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/alerts/stream"))
                    .header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream")
                    .build();
            response = HttpClient.newHttpClient()
                    .sendAsync(
                            request,
                            HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<>() {
                                @Override
                                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                                    s.request(Long.MAX_VALUE);
                                }

                                @Override
                                public void onNext(String line) {
                                    lines.add(line);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    lines.add("error: " + t);
                                }

                                @Override
                                public void onComplete() {
                                    lines.add("complete");
                                }
                            }));
        }

        boolean saw(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        @Override
        public void close() {
            response.cancel(true);
        }
    }

    /**
     * The consumer reads from the newest offset once Kafka has assigned it the partitions: until then a published
     * alert is missed. Publishes probes until one comes through the stream, so that later alerts cannot be missed.
     */
    void awaitConsumerListening(URI base, String key, Duration timeout) throws Exception {
        try (Stream stream = new Stream(base, key)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; System.nanoTime() < deadline; i++) {
                String id = "probe-" + i;
                publish(alert(id, 1, "probe", "probe"));
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < wait) {
                    if (stream.saw("\"alertId\":\"" + id + "\"")) {
                        return;
                    }
                    Thread.sleep(50);
                }
            }
            throw new AssertionError("no probe alert came through the stream in " + timeout + ": " + stream.lines);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        bytes.close(Duration.ofSeconds(5));
    }
}
