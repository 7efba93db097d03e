package io.retailpulse.analytics.api;

import static io.retailpulse.analytics.api.Api.all;
import static io.retailpulse.analytics.api.Api.get;
import static io.retailpulse.analytics.api.Api.text;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.analytics.api.SentimentData.Mention;
import io.retailpulse.analytics.api.SentimentData.Text;
import io.retailpulse.analytics.sentiment.EntitySentimentItem;
import io.retailpulse.analytics.sentiment.ScoredTextItem;
import io.retailpulse.analytics.sentiment.SentimentDailyItem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real MariaDB with inference's own schema: sentiment per day, scored texts and entity sentiment are
 * exactly what text_sentiment and entity_mention hold — filtered, sorted, paged without gaps or repeats, as CSV.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class SentimentResourceIT {
    private static final double EPS = 1e-12;
    private static final SentimentData DATA = SentimentData.generate(400, 11);

    @BeforeAll
    static void fill() throws Exception {
        DATA.insert();
    }

    /** A sentiment-daily row: the exact fields as text, and the mean apart (computed in SQL through DECIMAL). */
    record Daily(String fields, double mean) {
        static Daily of(JsonNode i) {
            return new Daily(
                    String.join(
                            "|",
                            text(i.get("date")),
                            text(i.get("product")),
                            text(i.get("store")),
                            text(i.get("source")),
                            text(i.get("posts")),
                            text(i.get("positive")),
                            text(i.get("neutral")),
                            text(i.get("negative"))),
                    i.get("meanScore").asDouble());
        }
    }

    private static List<Daily> expectedDaily(Predicate<Text> filter, Comparator<Daily> order) {
        Map<String, List<Text>> groups = new TreeMap<>();
        for (Text t : DATA.texts) {
            if (filter.test(t)) {
                String key = String.join(
                        "|",
                        t.day().toString(),
                        Objects.toString(t.product(), ""),
                        Objects.toString(t.store(), ""),
                        t.source());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
            }
        }
        List<Daily> rows = new ArrayList<>();
        groups.forEach((key, texts) -> rows.add(new Daily(
                key + "|" + texts.size() + "|" + count(texts, "positive") + "|" + count(texts, "neutral") + "|"
                        + count(texts, "negative"),
                texts.stream().mapToDouble(Text::sentiment).average().orElseThrow())));
        rows.sort(order);
        return rows;
    }

    private static long count(List<Text> texts, String label) {
        return texts.stream().filter(t -> t.label().equals(label)).count();
    }

    private static void assertDaily(List<Daily> expected, List<Daily> actual) {
        assertEquals(
                expected.stream().map(Daily::fields).toList(),
                actual.stream().map(Daily::fields).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(
                    expected.get(i).mean(),
                    actual.get(i).mean(),
                    EPS,
                    expected.get(i).fields());
        }
    }

    /** Natural order of the daily rows: date, product, store, source ('' for none sorts first). */
    private static final Comparator<Daily> NATURAL = Comparator.comparing(d -> d.fields()
                    .split("\\|", -1)[0]
            + "|" + d.fields().split("\\|", -1)[1] + "\u0000" + d.fields().split("\\|", -1)[2] + "\u0000"
            + d.fields().split("\\|", -1)[3]);

    @Test
    void dailySentimentIsWhatTheScoredTextsHoldPagedWithoutGapsOrRepeats() {
        List<Daily> expected = expectedDaily(t -> true, NATURAL);
        assertTrue(expected.size() > 50, "enough groups to page through: " + expected.size());
        assertDaily(expected, all("/api/v1/sentiment/daily", 7, Daily::of));
        assertDaily(expected, all("/api/v1/sentiment/daily", 1000, Daily::of));
    }

    @Test
    void dailySentimentFiltersAndSorts() {
        LocalDate from = SentimentData.START.plusDays(1);
        LocalDate to = SentimentData.START.plusDays(2);
        assertDaily(
                expectedDaily(
                        t -> "P1".equals(t.product())
                                && "crm".equals(t.source())
                                && !t.day().isBefore(from)
                                && !t.day().isAfter(to),
                        NATURAL),
                all("/api/v1/sentiment/daily?product=P1&source=crm&from=" + from + "&to=" + to, 2, Daily::of));
        assertDaily(
                expectedDaily(t -> "S2".equals(t.store()), NATURAL),
                all("/api/v1/sentiment/daily?store=S2", 5, Daily::of));
        assertDaily(
                expectedDaily(
                        t -> true,
                        Comparator.comparingDouble(Daily::mean).reversed().thenComparing(NATURAL)),
                all("/api/v1/sentiment/daily?sort=-meanScore", 6, Daily::of));
        // posts has many ties: the natural key orders them, across page boundaries.
        Comparator<Daily> byPosts =
                Comparator.comparingInt(d -> Integer.parseInt(d.fields().split("\\|", -1)[4]));
        assertDaily(
                expectedDaily(
                        t -> true,
                        byPosts.reversed()
                                .thenComparing(d -> d.fields().split("\\|", -1)[3])
                                .thenComparing(NATURAL)),
                all("/api/v1/sentiment/daily?sort=-posts,source", 4, Daily::of));
    }

    @Test
    void dailySentimentAsCsvHasTheSameRows() {
        List<List<String>> csv = Api.parseCsv(Api.csvBody("/api/v1/sentiment/daily?source=review"));
        assertEquals(List.of(SentimentDailyItem.CSV_HEADER.split(",")), csv.get(0));
        List<Daily> expected = expectedDaily(t -> "review".equals(t.source()), NATURAL);
        List<Daily> actual = csv.subList(1, csv.size()).stream()
                .map(r -> new Daily(String.join("|", r.subList(0, 8)), Double.parseDouble(r.get(8))))
                .toList();
        assertDaily(expected, actual);
    }

    /** A scored text with every field as text, as the API and CSV answer it. */
    private static String fields(Text t) {
        return String.join(
                "|",
                t.eventId(),
                t.tsText(),
                t.day().toString(),
                t.source(),
                Objects.toString(t.userId(), ""),
                Objects.toString(t.product(), ""),
                Objects.toString(t.store(), ""),
                t.text(),
                t.label(),
                Double.toString(t.score()),
                Double.toString(t.pNegative()),
                Double.toString(t.pNeutral()),
                Double.toString(t.pPositive()),
                Double.toString(t.sentiment()),
                t.model(),
                t.modelVersion(),
                t.scoredAt().toInstant(java.time.ZoneOffset.UTC).toString());
    }

    private static String fields(JsonNode i) {
        return String.join(
                "|",
                text(i.get("eventId")),
                text(i.get("ts")),
                text(i.get("date")),
                text(i.get("source")),
                text(i.get("userId")),
                text(i.get("product")),
                text(i.get("store")),
                text(i.get("text")),
                text(i.get("label")),
                text(i.get("score")),
                text(i.get("pNegative")),
                text(i.get("pNeutral")),
                text(i.get("pPositive")),
                text(i.get("sentiment")),
                text(i.get("model")),
                text(i.get("modelVersion")),
                text(i.get("scoredAt")));
    }

    private static final Comparator<Text> BY_TS = Comparator.comparing(Text::ts).thenComparing(Text::eventId);

    @Test
    void scoredTextsAreExactlyTheStoredRows() {
        List<String> expected = DATA.texts.stream()
                .sorted(BY_TS)
                .map(SentimentResourceIT::fields)
                .toList();
        assertEquals(expected, all("/api/v1/scored-texts", 13, SentimentResourceIT::fields));
        assertEquals(
                DATA.texts.stream()
                        .filter(t -> t.label().equals("negative") && "P2".equals(t.product()))
                        .sorted(Comparator.comparingDouble(Text::sentiment).thenComparing(Text::eventId))
                        .map(SentimentResourceIT::fields)
                        .toList(),
                all("/api/v1/scored-texts?label=NEGATIVE&product=P2&sort=sentiment", 3, SentimentResourceIT::fields));
        LocalDate day = SentimentData.START.plusDays(3);
        assertEquals(
                DATA.texts.stream()
                        .filter(t -> t.day().equals(day)
                                && "S1".equals(t.store())
                                && t.source().equals("social"))
                        .sorted(Comparator.comparing(Text::ts).reversed().thenComparing(Text::eventId))
                        .map(SentimentResourceIT::fields)
                        .toList(),
                all(
                        "/api/v1/scored-texts?from=" + day + "&to=" + day + "&store=S1&source=social&sort=-ts",
                        4,
                        SentimentResourceIT::fields));
    }

    @Test
    void scoredTextsExportAsQuotedCsv() {
        List<List<String>> csv = Api.parseCsv(Api.csvBody("/api/v1/scored-texts?sort=eventId"));
        assertEquals(List.of(ScoredTextItem.CSV_HEADER.split(",")), csv.get(0));
        assertEquals(
                DATA.texts.stream()
                        .sorted(Comparator.comparing(Text::eventId))
                        .map(SentimentResourceIT::fields)
                        .toList(),
                csv.subList(1, csv.size()).stream()
                        .map(r -> String.join("|", r))
                        .toList());
        // The CSV cap and cursor: 5 rows after the second JSON page's cursor.
        String next = Api.json("/api/v1/scored-texts?sort=eventId&limit=10")
                .get("next")
                .asText();
        List<List<String>> part = Api.parseCsv(Api.csvBody("/api/v1/scored-texts?sort=eventId&limit=5&cursor=" + next));
        assertEquals(
                List.of("ev-0010", "ev-0011", "ev-0012", "ev-0013", "ev-0014"),
                part.subList(1, part.size()).stream().map(r -> r.get(0)).toList());
    }

    /** Expected entity rows: mentions collapse per text, then the texts' sentiment. */
    private static List<String> expectedEntities(Predicate<Mention> filter, Comparator<String[]> order) {
        Map<String, Text> byId = DATA.texts.stream().collect(Collectors.toMap(Text::eventId, t -> t));
        Map<String, List<Mention>> perText = new TreeMap<>();
        for (Mention m : DATA.mentions) {
            if (filter.test(m)) {
                perText.computeIfAbsent(
                                m.day() + "|" + m.type() + "|" + m.key() + "|" + m.eventId(), k -> new ArrayList<>())
                        .add(m);
            }
        }
        Map<String, List<List<Mention>>> groups = new TreeMap<>();
        perText.forEach((k, ms) -> groups.computeIfAbsent(k.substring(0, k.lastIndexOf('|')), g -> new ArrayList<>())
                .add(ms));
        List<String[]> rows = new ArrayList<>();
        groups.forEach((key, texts) -> {
            String text = texts.stream()
                    .flatMap(List::stream)
                    .map(Mention::text)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            long mentions = texts.stream().mapToLong(List::size).sum();
            double mean = texts.stream()
                    .mapToDouble(ms -> byId.get(ms.get(0).eventId()).sentiment())
                    .average()
                    .orElseThrow();
            long negative = texts.stream()
                    .filter(ms -> byId.get(ms.get(0).eventId()).label().equals("negative"))
                    .count();
            String[] k = key.split("\\|");
            rows.add(new String[] {
                k[0],
                k[1],
                k[2],
                text,
                Long.toString(mentions),
                Integer.toString(texts.size()),
                Double.toString(mean),
                Double.toString((double) negative / texts.size())
            });
        });
        rows.sort(order);
        return rows.stream().map(r -> String.join("|", r)).toList();
    }

    private static final Comparator<String[]> ENTITY_NATURAL =
            Comparator.comparing((String[] r) -> r[0]).thenComparing(r -> r[1]).thenComparing(r -> r[2]);

    private static String entity(JsonNode i) {
        return String.join(
                "|",
                text(i.get("date")),
                text(i.get("type")),
                text(i.get("key")),
                text(i.get("text")),
                text(i.get("mentions")),
                text(i.get("texts")),
                text(i.get("meanSentiment")),
                text(i.get("shareNegative")));
    }

    /** Means go through DECIMAL in SQL: compare them within EPS, the rest exactly. */
    private static void assertEntities(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split("\\|");
            String[] a = actual.get(i).split("\\|");
            assertEquals(
                    String.join("|", List.of(e).subList(0, 6)),
                    String.join("|", List.of(a).subList(0, 6)));
            assertEquals(Double.parseDouble(e[6]), Double.parseDouble(a[6]), EPS, expected.get(i));
            assertEquals(Double.parseDouble(e[7]), Double.parseDouble(a[7]), EPS, expected.get(i));
        }
    }

    @Test
    void entitySentimentIsWhatTheMentionsAndTheirTextsHold() {
        List<String> expected = expectedEntities(m -> true, ENTITY_NATURAL);
        assertTrue(expected.size() >= 15, "entity rows: " + expected.size());
        assertEntities(expected, all("/api/v1/entities/sentiment", 4, SentimentResourceIT::entity));
        LocalDate to = SentimentData.START.plusDays(1);
        assertEntities(
                expectedEntities(
                        m -> m.type().equals("ORGANIZATION") && !m.day().isAfter(to), ENTITY_NATURAL),
                all("/api/v1/entities/sentiment?type=organization&to=" + to, 1, SentimentResourceIT::entity));
        assertEntities(
                expectedEntities(
                        m -> true,
                        Comparator.comparing((String[] r) -> Long.parseLong(r[4]))
                                .reversed()
                                .thenComparing(ENTITY_NATURAL)),
                all("/api/v1/entities/sentiment?sort=-mentions", 3, SentimentResourceIT::entity));
        List<List<String>> csv = Api.parseCsv(Api.csvBody("/api/v1/entities/sentiment?key=acme corp"));
        assertEquals(List.of(EntitySentimentItem.CSV_HEADER.split(",")), csv.get(0));
        assertEntities(
                expectedEntities(m -> m.key().equals("acme corp"), ENTITY_NATURAL),
                csv.subList(1, csv.size()).stream()
                        .map(r -> String.join("|", r))
                        .toList());
    }

    @Test
    void refusesInvalidFiltersWithTheReason() {
        get("/api/v1/scored-texts?label=angry")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("label 'angry' is unknown; use negative, neutral or positive"));
        get("/api/v1/scored-texts?sort=text").then().statusCode(400);
        get("/api/v1/scored-texts?from=2025-05-03&to=2025-05-01")
                .then()
                .statusCode(400)
                .body("detail", equalTo("from 2025-05-03 is after to 2025-05-01"));
        get("/api/v1/sentiment/daily?to=yesterday")
                .then()
                .statusCode(400)
                .body("detail", equalTo("to 'yesterday' is not an ISO date (yyyy-MM-dd)"));
        get("/api/v1/sentiment/daily?limit=5000")
                .then()
                .statusCode(400)
                .body("detail", equalTo("limit 5000 is outside 1..1000"));
        get("/api/v1/sentiment/daily?cursor=bm9wZQ").then().statusCode(400);
        get("/api/v1/entities/sentiment?type=ANIMAL")
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        equalTo(
                                "type 'ANIMAL' is unknown; use one of LOCATION, MISC, ORGANIZATION, PERSON, PRODUCT, STORE"));
        // SQL in a filter is only ever a value.
        get("/api/v1/scored-texts?source=crm' OR '1'='1").then().statusCode(200).body("items.size()", equalTo(0));
    }
}
