package io.retailpulse.analytics.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Calls of the test application, read with Jackson so that doubles arrive exactly. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    private Api() {}

    static Response get(String pathAndQuery) {
        return given().auth().oauth2("test-key").when().get(pathAndQuery);
    }

    static JsonNode json(String pathAndQuery) {
        Response r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), r.asString());
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every item of a list, following 'next' with pages of {@code limit}; each page but the last is full. */
    static <T> List<T> all(String pathAndQuery, int limit, Function<JsonNode, T> item) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        do {
            JsonNode page = json(pathAndQuery + sep + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(i -> all.add(item.apply(i)));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            if (cursor != null) {
                assertEquals(limit, page.get("items").size(), "a page before the last is not full");
            }
        } while (cursor != null);
        return all;
    }

    static String csvBody(String pathAndQuery) {
        return given().auth()
                .oauth2("test-key")
                .accept("text/csv")
                .when()
                .get(pathAndQuery)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** A JSON value as its CSV text: null as empty. */
    static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
