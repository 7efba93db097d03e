package io.retailpulse.analytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real MariaDB: the endpoint returns exactly the rows of daily_sales, filtered and paged. */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class SalesResourceIT {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    /** 3 stores × 4 products × 10 days; revenue has 4 decimals to prove exactness. */
    private static final List<String> EXPECTED = new ArrayList<>();

    @BeforeAll
    static void fill() throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO daily_sales "
                                + "(store_id, product_id, sale_date, units, revenue, transactions) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int d = 0; d < 10; d++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 1; p <= 4; p++) {
                        long units = d * 100L + s * 10 + p;
                        BigDecimal revenue = new BigDecimal(units).multiply(new BigDecimal("1.2345"));
                        ps.setString(1, "S" + s);
                        ps.setString(2, "P" + p);
                        ps.setObject(3, START.plusDays(d));
                        ps.setLong(4, units);
                        ps.setBigDecimal(5, revenue);
                        ps.setInt(6, p);
                        ps.addBatch();
                        EXPECTED.add(
                                START.plusDays(d) + ",S" + s + ",P" + p + "," + units + "," + revenue.toPlainString());
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private static Response get(String query) {
        return given().auth().oauth2("test-key").when().get("/api/v1/sales/daily" + query);
    }

    private static List<String> rows(Response r) {
        List<String> out = new ArrayList<>();
        List<java.util.Map<String, Object>> items = r.jsonPath().getList("items");
        for (var i : items) {
            out.add(i.get("date") + "," + i.get("store") + "," + i.get("product") + "," + i.get("units") + ","
                    + new BigDecimal(i.get("revenue").toString()).setScale(4).toPlainString());
        }
        return out;
    }

    @Test
    void pagesThroughEveryRowExactlyOnceInOrder() {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = get("?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
            r.then().statusCode(200);
            all.addAll(rows(r));
            cursor = r.jsonPath().getString("next");
            pages++;
        } while (cursor != null);
        assertEquals(EXPECTED, all);
        assertEquals((EXPECTED.size() + 6) / 7, pages);
    }

    /** Every row of a query, following the cursor with pages of {@code limit}. */
    private static List<String> all(String query, int limit) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            Response r = get(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            r.then().statusCode(200);
            all.addAll(rows(r));
            cursor = r.jsonPath().getString("next");
        } while (cursor != null);
        return all;
    }

    private static String field(String row, int i) {
        return row.split(",")[i];
    }

    @Test
    void sortsByWhitelistedKeysAndPagesThroughTiesWithoutGapsOrRepeats() {
        Comparator<String> natural = Comparator.comparing((String r) -> field(r, 0))
                .thenComparing(r -> field(r, 1))
                .thenComparing(r -> field(r, 2));
        List<String> byRevenueDesc = EXPECTED.stream()
                .sorted(Comparator.comparing((String r) -> new BigDecimal(field(r, 4)))
                        .reversed())
                .toList();
        assertEquals(byRevenueDesc, all("?sort=-revenue", 7));
        // transactions = product number: 30 rows share each value, the unique key orders them.
        List<String> byTransactionsDesc = EXPECTED.stream()
                .sorted(Comparator.comparing((String r) -> field(r, 2))
                        .reversed()
                        .thenComparing(natural))
                .toList();
        assertEquals(byTransactionsDesc, all("?sort=-transactions", 11));
        List<String> byStoreThenNewest = EXPECTED.stream()
                .sorted(Comparator.comparing((String r) -> field(r, 1))
                        .thenComparing(
                                Comparator.comparing((String r) -> field(r, 0)).reversed())
                        .thenComparing(r -> field(r, 2)))
                .toList();
        assertEquals(byStoreThenNewest, all("?sort=store,-date", 9));
        assertEquals(
                EXPECTED.stream()
                        .filter(r -> field(r, 1).equals("S3"))
                        .sorted(Comparator.comparing((String r) -> Long.parseLong(field(r, 3))))
                        .toList(),
                all("?store=S3&sort=units", 4));
    }

    @Test
    void filtersByStoreProductAndInclusiveDateRange() {
        Response r = get("?store=S2&product=P3&from=2024-01-03&to=2024-01-05");
        r.then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("next", nullValue())
                .body("items[0].units", equalTo(223))
                .body("items[0].transactions", equalTo(3));
        assertEquals(
                EXPECTED.stream()
                        .filter(e -> e.contains(",S2,P3,"))
                        .filter(e -> e.compareTo("2024-01-03") >= 0 && e.compareTo("2024-01-06") < 0)
                        .toList(),
                rows(r));
        get("?store=nope").then().statusCode(200).body("items", hasSize(0)).body("next", nullValue());
    }

    @Test
    void answersCsvWhenAskedFor() {
        String csv = given().auth()
                .oauth2("test-key")
                .accept("text/csv")
                .when()
                .get("/api/v1/sales/daily?store=S1&product=P1&to=2024-01-02")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "date,store,product,units,revenue,transactions\n"
                        + "2024-01-01,S1,P1,11,13.5795,1\n"
                        + "2024-01-02,S1,P1,111,137.0295,1\n",
                csv);
    }

    @Test
    void refusesInvalidFiltersWithTheReason() {
        get("?from=2024-02-30")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("from '2024-02-30' is not an ISO date (yyyy-MM-dd)"));
        get("?from=2024-02-02&to=2024-02-01")
                .then()
                .statusCode(400)
                .body("detail", equalTo("from 2024-02-02 is after to 2024-02-01"));
        get("?limit=1001").then().statusCode(400).body("detail", equalTo("limit 1001 is outside 1..1000"));
        get("?limit=0").then().statusCode(400);
        get("?cursor=%25%25%25").then().statusCode(400);
        String detail = get("?store=" + "x".repeat(129))
                .then()
                .statusCode(400)
                .extract()
                .path("detail");
        assertTrue(detail.contains("longer than 128"), detail);
        get("?limit=ten").then().statusCode(400).body("detail", equalTo("limit 'ten' is not a whole number"));
        get("?sort=price")
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        equalTo("sort key 'price' is unknown; sort by one of: date, store, product, units, revenue, "
                                + "transactions (prefix - for descending)"));
        get("?sort=units,-units").then().statusCode(400);
        get("?sort=a,b,c,d").then().statusCode(400);
        // A cursor only continues the sort it was made for.
        String next =
                get("?limit=2&sort=-units").then().statusCode(200).extract().path("next");
        get("?limit=2&sort=units&cursor=" + next)
                .then()
                .statusCode(400)
                .body("detail", equalTo("cursor was made for sort=-units, not sort=units: keep the sort while paging"));
        // A well-formed cursor whose values do not parse.
        get("?cursor="
                        + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("date\u001fnot-a-date\u001fS1\u001fP1".getBytes()))
                .then()
                .statusCode(400);
    }

    @Test
    void refusesCallsWithoutTheApiKey() {
        given().when().get("/api/v1/sales/daily").then().statusCode(401).contentType("application/problem+json");
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
