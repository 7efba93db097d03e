package io.retailpulse.ingest.uploads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.Csv;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** Through a real Kafka broker and MariaDB: what the answer says accepted is on the topic exactly once. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class TransactionUploadIT {
    private static final Logger LOG = Logger.getLogger(TransactionUploadIT.class);

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void publishesAcceptedRowsKeyedByStoreProductAndDeadLettersBrokenRowsWithTheExactErrorList() {
        String run = run();
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(Csv.transactions(run, 100, 10))
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(90))
                .body("rejected", equalTo(10))
                .body("duplicates", equalTo(0))
                .body("errors", hasSize(10))
                .body("errors.line", equalTo(List.of(11, 21, 31, 41, 51, 61, 71, 81, 91, 101)))
                .body("errors.reason", equalTo(java.util.Collections.nCopies(10, "quantity -1 is negative")));

        List<ConsumerRecord<String, String>> published = TopicReader.read(Topics.TRANSACTIONS, run + "-", 90);
        assertEquals(90, published.size());
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : published) {
            perId.merge(r.value().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
            assertTrue(r.key().matches("S[01]\\|P[0-3]"), r.key());
        }
        assertEquals(90, perId.size(), "every accepted row exactly once");

        List<ConsumerRecord<String, String>> dead = TopicReader.read(Topics.dlq(Topics.TRANSACTIONS), run + "-", 10);
        assertEquals(10, dead.size());
        for (ConsumerRecord<String, String> r : dead) {
            assertEquals("quantity -1 is negative", header(r, DeadLetterHeaders.REASON));
            assertEquals("csv:transactions", header(r, DeadLetterHeaders.SOURCE));
            assertTrue(r.value().contains(",-1,"), r.value());
        }
        assertEquals(
                List.of("11", "21", "31", "41", "51", "61", "71", "81", "91", "101"),
                dead.stream()
                        .map(r -> header(r, DeadLetterHeaders.LINE))
                        .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                        .toList());
    }

    @Test
    void puts150000RowsOnTheTopicExactlyOnceAndARepostAddsNothing() {
        String run = run();
        String csv = Csv.transactions(run, 150_000, Integer.MAX_VALUE);
        long t0 = System.nanoTime();
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(150_000))
                .body("rejected", equalTo(0))
                .body("duplicates", equalTo(0));
        LOG.infof("150,000 rows CSV -> topic (committed) in %d ms", (System.nanoTime() - t0) / 1_000_000);

        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(150_000))
                .body("duplicates", equalTo(150_000));

        List<ConsumerRecord<String, String>> published = TopicReader.read(
                KafkaTestResource.bootstrapServers(),
                Topics.TRANSACTIONS,
                v -> v.contains("\"" + run + "-"),
                150_000,
                Duration.ofSeconds(60));
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : published) {
            perId.merge(r.value().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
        }
        assertEquals(150_000, perId.size(), "every row is on the topic");
        assertEquals(150_000, published.size(), "and only once, the re-post added nothing");
    }

    @Test
    void countsARepeatedIdWithinOneFileOnce() {
        String run = run();
        String csv =
                Csv.HEADER + run + "-a,2024-05-01T10:00:00Z,S1,P1,1,1\n" + run + "-a,2024-05-01T10:00:00Z,S1,P1,1,1\n";
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(1));
        assertEquals(1, TopicReader.read(Topics.TRANSACTIONS, run + "-a", 1).size());
    }

    @Test
    void registersUnknownStoresAndProductsInTheCatalogAndPublishesThem() throws Exception {
        String run = run();
        String csv = Csv.HEADER + run + "-1,2024-05-01T10:00:00Z,ST-" + run + ",PR-" + run + ",1,2.5\n";
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        try (Connection c = MariaDbTestResource.connection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT source FROM catalog_store WHERE store_id = 'ST-" + run + "'")) {
            assertTrue(rs.next());
            assertEquals("auto", rs.getString(1));
        }
        List<ConsumerRecord<String, String>> entries = TopicReader.read(CatalogEvent.TOPIC, run, 2);
        assertEquals(
                List.of("product:PR-" + run, "store:ST-" + run),
                entries.stream().map(ConsumerRecord::key).sorted().toList());
    }

    @Test
    void refusesABodyWithoutHeaderAsProblem() {
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body("a,b,c\n1,2,3\n")
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("lacks column(s)"));
    }

    @Test
    void refusesCallsWithoutOrWithAWrongKeyAndTakesXApiKey() {
        given().contentType("text/csv")
                .body("x")
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2("wrong")
                .contentType("text/csv")
                .body("x")
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(401)
                .body("detail", equalTo("Invalid API key."));
        Response ok = given().header("X-API-Key", "test-key")
                .contentType("text/csv")
                .body(Csv.HEADER + run() + ",2024-01-01,S,P,1,1\n")
                .when()
                .post("/api/v1/transactions");
        assertEquals(200, ok.statusCode(), ok.asString());
    }

    @Test
    void leavesHealthMetricsAndOpenApiOpen() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/transactions"));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
