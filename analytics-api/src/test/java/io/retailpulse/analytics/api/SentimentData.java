package io.retailpulse.analytics.api;

import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Known scored texts and entity mentions, written into inference's tables as inference writes them. */
final class SentimentData {
    static final LocalDate START = LocalDate.of(2025, 5, 1);
    static final String[] SOURCES = {"crm", "review", "social"};
    static final String[] LABELS = {"negative", "neutral", "positive"};
    /** type, key, surface forms. */
    static final String[][] ENTITIES = {
        {"PRODUCT", "P1", "Widget", "widget"},
        {"STORE", "S1", "Downtown store"},
        {"ORGANIZATION", "acme corp", "ACME Corp", "Acme corp"},
        {"PERSON", "jane doe", "Jane Doe"},
        {"LOCATION", "berlin", "Berlin"}
    };

    record Text(
            String eventId,
            LocalDateTime ts,
            LocalDate day,
            String source,
            String userId,
            String product,
            String store,
            String text,
            String label,
            double score,
            double pNegative,
            double pNeutral,
            double pPositive,
            double sentiment,
            String model,
            String modelVersion,
            LocalDateTime scoredAt) {

        String tsText() {
            return ts.toInstant(ZoneOffset.UTC).toString();
        }
    }

    record Mention(String eventId, int no, LocalDate day, String type, String key, String text) {}

    final List<Text> texts = new ArrayList<>();
    final List<Mention> mentions = new ArrayList<>();

    static SentimentData generate(int count, long seed) {
        SentimentData data = new SentimentData();
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            LocalDate day = START.plusDays(random.nextInt(4));
            LocalDateTime ts = day.atTime(
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000) * 1_000_000);
            double a = random.nextDouble();
            double b = random.nextDouble();
            double c = random.nextDouble();
            double sum = a + b + c;
            double[] p = {a / sum, b / sum, c / sum};
            int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            String product = random.nextInt(4) == 0 ? null : "P" + (1 + random.nextInt(3));
            String store = random.nextInt(3) == 0 ? null : "S" + (1 + random.nextInt(2));
            // Texts with commas, quotes and line breaks test CSV quoting.
            String text = switch (i % 4) {
                case 0 -> "plain text " + i;
                case 1 -> "comma, then \"quoted\" words " + i;
                case 2 -> "two\nlines " + i;
                default -> "ünïcødé ✓ " + i;
            };
            String eventId = String.format("ev-%04d", i);
            data.texts.add(new Text(
                    eventId,
                    ts,
                    day,
                    SOURCES[random.nextInt(3)],
                    random.nextBoolean() ? null : "u" + random.nextInt(50),
                    product,
                    store,
                    text,
                    LABELS[best],
                    p[best],
                    p[0],
                    p[1],
                    p[2],
                    p[2] - p[0],
                    "sentiment-minilm",
                    "1.0." + (i % 2),
                    ts.plusSeconds(5)));
            int n = random.nextInt(4);
            for (int m = 0; m < n; m++) {
                String[] entity = ENTITIES[random.nextInt(ENTITIES.length)];
                data.mentions.add(new Mention(
                        eventId, m, day, entity[0], entity[1], entity[2 + random.nextInt(entity.length - 2)]));
            }
        }
        return data;
    }

    void insert() throws SQLException {
        try (Connection c = MariaDbTestResource.connection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO text_sentiment (event_id, ts, day, source, "
                    + "user_id, product_id, store_id, text, label, score, p_negative, p_neutral, p_positive, sentiment, "
                    + "model, model_version, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Text t : texts) {
                    ps.setString(1, t.eventId());
                    ps.setObject(2, t.ts());
                    ps.setObject(3, t.day());
                    ps.setString(4, t.source());
                    ps.setString(5, t.userId());
                    ps.setString(6, t.product());
                    ps.setString(7, t.store());
                    ps.setString(8, t.text());
                    ps.setString(9, t.label());
                    ps.setDouble(10, t.score());
                    ps.setDouble(11, t.pNegative());
                    ps.setDouble(12, t.pNeutral());
                    ps.setDouble(13, t.pPositive());
                    ps.setDouble(14, t.sentiment());
                    ps.setString(15, t.model());
                    ps.setString(16, t.modelVersion());
                    ps.setObject(17, t.scoredAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO entity_mention (event_id, mention_no, day, "
                            + "entity_type, entity_key, entity_text, start_pos, end_pos, score) VALUES (?, ?, ?, ?, ?, ?, 0, 1, 0.9)")) {
                for (Mention m : mentions) {
                    ps.setString(1, m.eventId());
                    ps.setInt(2, m.no());
                    ps.setObject(3, m.day());
                    ps.setString(4, m.type());
                    ps.setString(5, m.key());
                    ps.setString(6, m.text());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
