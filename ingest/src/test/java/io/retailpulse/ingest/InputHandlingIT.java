package io.retailpulse.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 15, item 7: bad input is refused with a reason, never silently read as something else. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class InputHandlingIT {
    private static final String HEADER = "transaction_id,ts,store_id,product_id,quantity,unit_price\n";

    @Test
    void malformedJsonIsAProblemSayingWhereWithoutClassNames() {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\n  \"source\": \"crm\",\n  \"text\": \"x\",,\n}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("line 3, column"))
                .body("detail", not(containsString("HTTP 400")))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void jsonWithTrailingGarbageIsRefused() {
        String item = "{\"source\":\"crm\",\"externalId\":\"" + UUID.randomUUID() + "\",\"text\":\"fine\","
                + "\"ts\":\"2024-01-01T10:00:00Z\"}";
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(item + " {\"more\":1}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("after the JSON value"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{} x")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anExplicitEmptyItemListDoesNotStartAFullBackfill() {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[]}")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Unknown field 'items'"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"count\":5,\"sead\":1}")
                .when()
                .post("/api/v1/generator/posts")
                .then()
                .statusCode(400)
                .body("detail", containsString("'sead'"));
        given().auth()
                .oauth2("test-key")
                .get("/api/v1/generator")
                .then()
                .statusCode(200)
                .body("state", not(equalTo("running")));
    }

    @Test
    void aNulByteInATransactionIdRejectsTheRowWithAReason() {
        String id = "nul-" + UUID.randomUUID();
        Response response = given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(HEADER + id + "\u0000,2024-01-01T10:00:00Z,S1,P1,1,2.50\n" + id
                        + "-ok,2024-01-01T10:00:00Z,S1,P1,1,2.50\n")
                .when()
                .post("/api/v1/transactions");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(1, response.jsonPath().getInt("accepted"));
        assertEquals(1, response.jsonPath().getInt("rejected"));
        assertEquals(2, response.jsonPath().getInt("errors[0].line"));
        response.then().body("errors[0].reason", containsString("control character"));
    }

    @Test
    void aCsvDeclaredUtf16IsDecodedAsUtf16AndAnUnknownCharsetIsA415() {
        String id = "u16-" + UUID.randomUUID();
        byte[] utf16 = (HEADER + id + ",2024-01-01T10:00:00Z,Zürich,Crème,1,2.50\n").getBytes(StandardCharsets.UTF_16);
        Response response = given().auth()
                .oauth2("test-key")
                .contentType("text/csv; charset=utf-16")
                .body(utf16)
                .when()
                .post("/api/v1/transactions");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(1, response.jsonPath().getInt("accepted"), response.asString());
        given().auth()
                .oauth2("test-key")
                .contentType("text/csv; charset=klingon-8")
                .body("x".getBytes())
                .when()
                .post("/api/v1/transactions")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("klingon-8"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json; charset=utf-16")
                .body("{}".getBytes(StandardCharsets.UTF_16))
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("UTF-8"));
    }
}
