package io.retailpulse.ingest.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Catalog import through the real broker and MariaDB. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class CatalogIT {
    @Test
    void importsStoresAndProductsStoresThemAndPublishesThemOnTheCompactedTopic() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[{\"id\":\"S-" + run + "\",\"name\":\"Lakeside " + run + "\",\"city\":\"Lyon\","
                        + "\"region\":\"Auvergne-Rhone-Alpes\"},{\"id\":\"\",\"name\":\"x\"}]}")
                .when()
                .post("/api/v1/catalog/stores")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(1))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].reason", equalTo("id is empty"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[{\"id\":\"P-" + run + "\",\"name\":\"Oat Milk " + run + "\",\"brand\":\"Oatly\","
                        + "\"category\":\"dairy-free\",\"price\":2.49}]}")
                .when()
                .post("/api/v1/catalog/products")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));

        given().auth()
                .oauth2("test-key")
                .when()
                .get("/api/v1/catalog/products")
                .then()
                .statusCode(200)
                .body("items.name", hasItem("Oat Milk " + run));
        List<ConsumerRecord<String, String>> entries = TopicReader.read(CatalogEvent.TOPIC, run, 2);
        assertEquals(
                List.of("product:P-" + run, "store:S-" + run),
                entries.stream().map(ConsumerRecord::key).sorted().toList());
        assertTrue(entries.stream().anyMatch(r -> r.value().contains("\"city\":\"Lyon\"")));
        assertEquals("compact", cleanupPolicy(CatalogEvent.TOPIC), "the latest entry per key is kept");
    }

    private static String cleanupPolicy(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get("cleanup.policy")
                    .value();
        }
    }

    @Test
    void refusesAnImportWithoutAValidEntry() {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[{\"id\":\"x\"}]}")
                .when()
                .post("/api/v1/catalog/products")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].reason", equalTo("name is missing or empty"));
    }

    @Test
    void refusesAMissingEmptyOrOversizedItemListWithTheSameProblemAsBeforeBeanValidation() {
        for (String body : new String[] {"{}", "{\"items\":[]}", "{\"items\":null}"}) {
            given().auth()
                    .oauth2("test-key")
                    .contentType("application/json")
                    .body(body)
                    .when()
                    .post("/api/v1/catalog/stores")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Bad Request"))
                    .body("status", equalTo(400))
                    .body("detail", equalTo("The body must be {\"items\":[...]} with at least one entry."))
                    .body("instance", equalTo("/api/v1/catalog/stores"));
        }
        String entry = "{\"id\":\"x\",\"name\":\"y\"}";
        String tooMany = "{\"items\":[" + String.join(",", java.util.Collections.nCopies(10_001, entry)) + "]}";
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(tooMany)
                .when()
                .post("/api/v1/catalog/products")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("At most 10000 entries per request."));
    }
}
