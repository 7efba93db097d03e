package io.retailpulse.ingest.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.TransactionEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = InMemoryChannels.class, restrictToAnnotatedClass = true)
class TransactionResourceTest {
    @Inject
    @Any
    InMemoryConnector connector;

    @BeforeEach
    void clearSinks() {
        connector.sink("transactions-out").clear();
        connector.sink("transactions-dlq").clear();
    }

    static String csvWithBrokenRows(int rows, int everyNthBroken) {
        StringBuilder csv = new StringBuilder("transaction_id,ts,store_id,product_id,quantity,unit_price\n");
        for (int i = 1; i <= rows; i++) {
            String quantity = i % everyNthBroken == 0 ? "-1" : Integer.toString(i % 5);
            csv.append("tx-").append(i).append(",2024-05-0").append(1 + i % 3).append("T12:00:00Z,S")
                    .append(i % 2).append(",P").append(i % 4).append(',').append(quantity).append(",1.50\n");
        }
        return csv.toString();
    }

    @Test
    void acceptsGoodRowsAndAnswersBrokenOnesWithLineAndReason() {
        given().auth().oauth2("test-key").contentType("text/csv").body(csvWithBrokenRows(100, 10))
                .when().post("/api/v1/transactions")
                .then().statusCode(200)
                .body("accepted", equalTo(90))
                .body("rejected", equalTo(10))
                .body("errors", hasSize(10))
                .body("errors[0].line", equalTo(11))      // row 10 is on line 11 (after the header)
                .body("errors[9].line", equalTo(101))
                .body("errors[0].reason", equalTo("quantity -1 is negative"));

        InMemorySink<TransactionEvent> out = connector.sink("transactions-out");
        assertEquals(90, out.received().size());
        Message<TransactionEvent> first = out.received().get(0);
        assertEquals("tx-1", first.getPayload().transactionId());
        assertEquals("S1|P1", first.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());

        InMemorySink<String> dlq = connector.sink("transactions-dlq");
        assertEquals(10, dlq.received().size());
        var headers = dlq.received().get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertEquals("quantity -1 is negative",
                new String(headers.lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8));
        assertEquals("11", new String(headers.lastHeader(DeadLetterHeaders.LINE).value(), StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheApiKeyAsXApiKeyHeaderToo() {
        given().header("X-API-Key", "test-key").contentType("text/csv")
                .body("transaction_id,ts,store_id,product_id,quantity,unit_price\nt1,2024-01-01,S,P,1,1\n")
                .when().post("/api/v1/transactions")
                .then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void refusesABodyWithoutHeaderAsProblem() {
        given().auth().oauth2("test-key").contentType("text/csv").body("a,b,c\n1,2,3\n")
                .when().post("/api/v1/transactions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("lacks column(s)"));
        assertEquals(List.of(), connector.sink("transactions-out").received());
    }

    @Test
    void refusesCallsWithoutOrWithAWrongKey() {
        given().contentType("text/csv").body("x").when().post("/api/v1/transactions")
                .then().statusCode(401).contentType("application/problem+json")
                .body("title", equalTo("Unauthorized")).body("detail", containsString("Missing API key"));
        given().auth().oauth2("wrong").contentType("text/csv").body("x").when().post("/api/v1/transactions")
                .then().statusCode(401).body("detail", equalTo("Invalid API key."));
    }

    @Test
    void leavesHealthMetricsAndOpenApiOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/transactions"));
    }
}
