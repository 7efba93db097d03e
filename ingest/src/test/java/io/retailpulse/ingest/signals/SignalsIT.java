package io.retailpulse.ingest.signals;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** POST /api/v1/signals and the signals.series consumer through the real broker and MariaDB. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class SignalsIT {
    @Inject
    Pool pool;

    private Map<String, Double> stored(String name) {
        Map<String, Double> values = new TreeMap<>();
        for (Row row : pool.preparedQuery("SELECT date, value FROM api_signal_daily WHERE name = ?")
                .execute(Tuple.of(name))
                .await()
                .atMost(Duration.ofSeconds(10))) {
            values.put(row.getLocalDate(0).toString(), row.getDouble(1));
        }
        return values;
    }

    @Test
    void storesCsvPerNameAndDayPublishesItAndLaterValuesReplace() {
        String name = "trend-" + UUID.randomUUID();
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body("name,ds,value\n" + name + ",2026-01-01,1.5\n" + name + ",2026-01-02,2\n" + name
                        + ",2026-01-32,3\n" + name + ",2026-01-03,abc\n")
                .when()
                .post("/api/v1/signals")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(2))
                .body("errors[0].line", equalTo(4))
                .body("errors[0].reason", containsString("ds '2026-01-32'"))
                .body("errors[1].line", equalTo(5))
                .body("errors[1].reason", containsString("value 'abc'"));
        assertEquals(Map.of("2026-01-01", 1.5, "2026-01-02", 2.0), stored(name));

        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[{\"name\":\"" + name + "\",\"ds\":\"2026-01-02\",\"value\":7.25}]}")
                .when()
                .post("/api/v1/signals")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(Map.of("2026-01-01", 1.5, "2026-01-02", 7.25), stored(name), "the later value replaced");

        List<ConsumerRecord<String, String>> published = TopicReader.read(Topics.SIGNALS_SERIES, name, 3);
        assertEquals(3, published.size());
        assertTrue(published.stream().allMatch(r -> name.equals(r.key())));
        List<ConsumerRecord<String, String>> dead = TopicReader.read(Topics.dlq(Topics.SIGNALS_SERIES), name, 2);
        assertEquals(2, dead.size());
        assertEquals(
                "4",
                new String(
                        dead.get(0).headers().lastHeader(DeadLetterHeaders.LINE).value(), StandardCharsets.UTF_8));

        // the replay of ingest's own records by its consumer leaves the latest value
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> stored(name).get("2026-01-02") == 7.25);
        Row bi = pool.preparedQuery("SELECT day, value, source FROM bi_signal_daily WHERE name = ? ORDER BY day")
                .execute(Tuple.of(name))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        assertEquals("2026-01-01", bi.getLocalDate(0).toString());
        assertEquals("api", bi.getString(2));
    }

    @Test
    void answersWhollyBadRequestsWithProblemsThatListTheLines() {
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body("name,ds,value\nx,yesterday,1\n,2026-01-01,1\n")
                .when()
                .post("/api/v1/signals")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("No value"))
                .body("errors[0].line", equalTo(2))
                .body("errors[1].line", equalTo(3))
                .body("errors[1].reason", equalTo("name is missing or empty"));
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body("series,date,value\nx,2026-01-01,1\n")
                .when()
                .post("/api/v1/signals")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("lacks column(s) name, ds"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[\n{\"name\":\"a\",\"ds\":\"2026-01-01\",\"value\":\"1\"}]}")
                .when()
                .post("/api/v1/signals")
                .then()
                .statusCode(400)
                .body("errors[0].line", equalTo(2))
                .body("errors[0].item", equalTo(0))
                .body("errors[0].reason", equalTo("value must be a number"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("[1]")
                .when()
                .post("/api/v1/signals")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void storesValuesOtherProducersWriteAndDeadLettersBadRecordsWithTheReason() {
        String name = "weather-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = KafkaTestResource.producer()) {
            producer.send(new ProducerRecord<>(
                    Topics.SIGNALS_SERIES, name, "{\"name\":\"" + name + "\",\"ds\":\"2026-02-01\",\"value\":-3.5}"));
            producer.send(new ProducerRecord<>(
                    Topics.SIGNALS_SERIES,
                    name,
                    "{\"name\":\"" + name + "\",\"ds\":\"2026-02-02\",\"value\":\"warm\"}"));
            producer.send(new ProducerRecord<>(Topics.SIGNALS_SERIES, name, "{\"name\":\"" + name + "\", broken"));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !stored(name).isEmpty());
        assertEquals(Map.of("2026-02-01", -3.5), stored(name));
        List<ConsumerRecord<String, String>> dead = TopicReader.read(Topics.dlq(Topics.SIGNALS_SERIES), name, 2);
        assertEquals(2, dead.size());
        List<String> reasons = dead.stream()
                .map(r -> new String(
                        r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .toList();
        assertTrue(reasons.get(0).contains("value must be a number"), reasons.toString());
        assertTrue(reasons.get(1).contains("unreadable signal JSON"), reasons.toString());
        assertTrue(new String(
                        dead.get(0)
                                .headers()
                                .lastHeader(DeadLetterHeaders.SOURCE)
                                .value(),
                        StandardCharsets.UTF_8)
                .startsWith("signals.series-"));
    }
}
