package io.retailpulse.ingest.uploads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** Sales history through the real broker: the whole Store Item Demand train.csv in one request. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class SalesHistoryImportIT {
    private static final Logger LOG = Logger.getLogger(SalesHistoryImportIT.class);
    /** Read in place from the shared data folder beside the repository; never copied into it. */
    static final Path TRAIN_CSV = Path.of("../../shared/data/forecasting/store-item-demand/train.csv");

    @Test
    void importsAll913000RowsOfTheStoreItemDemandTrainingSetInOneGo() {
        File train = TRAIN_CSV.toFile();
        assumeTrue(train.isFile(), "needs " + TRAIN_CSV.toAbsolutePath());
        long before = endOffsetSum(Topics.SALES_HISTORY);
        long t0 = System.nanoTime();
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(train)
                .when()
                .post("/api/v1/sales-history")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(913_000))
                .body("rejected", equalTo(0));
        LOG.infof("913,000 sales history rows -> topic in %d ms", (System.nanoTime() - t0) / 1_000_000);
        // Plain idempotent producer (no transaction markers): every offset is one record.
        assertEquals(913_000, endOffsetSum(Topics.SALES_HISTORY) - before);
    }

    @Test
    void answersBrokenRowsWithLineAndReasonAndDeadLettersThem() {
        String csv = "date,store,item,sales\n2013-01-01,91,1,13\n2013-01-01,91,2,-4\nnot-a-date,91,3,1\n";
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/sales-history")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(2))
                .body("errors.line", equalTo(List.of(3, 4)))
                .body("errors[0].reason", equalTo("sales -4 is negative"));
        List<ConsumerRecord<String, String>> dead = TopicReader.read(Topics.dlq(Topics.SALES_HISTORY), ",91,", 2);
        assertEquals(
                List.of("2013-01-01,91,2,-4", "not-a-date,91,3,1"),
                dead.stream().map(ConsumerRecord::value).sorted().toList());
        assertEquals(
                "csv:sales-history",
                new String(
                        dead.get(0)
                                .headers()
                                .lastHeader(DeadLetterHeaders.SOURCE)
                                .value(),
                        StandardCharsets.UTF_8));
        List<ConsumerRecord<String, String>> good = TopicReader.read(Topics.SALES_HISTORY, "\"storeId\":\"91\"", 1);
        assertEquals(1, good.size());
        assertEquals("91|1", good.get(0).key());
    }

    static long endOffsetSum(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }
}
