package io.retailpulse.inference.testing;

import io.retailpulse.stack.testing.KafkaTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Plain Kafka clients against the test broker: send records, collect what a topic received. */
public final class KafkaProbe implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();

    public KafkaProbe() {
        producer = KafkaTestResource.producer();
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A consumer of {@code topic} from its beginning, in a group of its own. */
    public Reader reader(String topic) {
        KafkaConsumer<String, String> consumer = KafkaTestResource.consumer(topic);
        consumers.add(consumer);
        return new Reader(consumer);
    }

    /** Everything a topic received so far, accumulated over polls. */
    public static final class Reader {
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        Reader(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        public List<ConsumerRecord<String, String>> poll() {
            consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
            return seen;
        }
    }

    @Override
    public void close() {
        producer.close();
        consumers.forEach(KafkaConsumer::close);
    }
}
