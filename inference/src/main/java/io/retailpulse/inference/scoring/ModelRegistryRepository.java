package io.retailpulse.inference.scoring;

import static io.retailpulse.common.values.UtcTimes.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code model_version} (V2), the registry: every version loaded or retrained, exactly one ACTIVE per model name;
 * and {@code sentiment_head} (V4), the weights of retrained versions so they survive a restart.
 */
@ApplicationScoped
public class ModelRegistryRepository {
    public static final String ACTIVE = "ACTIVE";
    public static final String RETIRED = "RETIRED";
    public static final String REJECTED = "REJECTED";

    /** A registry row. */
    public record Version(
            String name,
            String version,
            String task,
            String status,
            Map<String, Object> metrics,
            String trainingData,
            Instant trainedAt,
            Instant registeredAt,
            Instant activatedAt) {}

    /** A stored head: 3 × features weights and 3 biases. */
    public record Head(String baseVersion, float[][] weight, float[] bias) {}

    private final Pool pool;
    private final ObjectMapper json;

    public ModelRegistryRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Registers {@code v} (insert or update its row); when its status is ACTIVE the previous ACTIVE version of the
     * name becomes RETIRED in the same transaction. A head, when given, is stored with it.
     */
    public Uni<Void> register(Version v, Optional<Head> head) {
        String metrics;
        try {
            metrics = json.writeValueAsString(v.metrics());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Instant now = Instant.now();
        return pool.withTransaction(conn -> {
            Uni<Void> retire = !ACTIVE.equals(v.status())
                    ? Uni.createFrom().voidItem()
                    : conn.preparedQuery("UPDATE model_version SET status = 'RETIRED' WHERE name = ? AND status = "
                                    + "'ACTIVE' AND version <> ?")
                            .execute(Tuple.of(v.name(), v.version()))
                            .replaceWithVoid();
            return retire.chain(() -> conn.preparedQuery("INSERT INTO model_version (name, version, task, status, "
                                    + "metrics, training_data, trained_at, registered_at, activated_at) VALUES (?, ?, ?, ?, ?, ?, "
                                    + "?, ?, ?) ON DUPLICATE KEY UPDATE "
                                    // first, while status is still the stored one: a restart keeps the first activation
                                    + "activated_at = IF(status = 'ACTIVE', activated_at, VALUES(activated_at)), "
                                    + "status = VALUES(status), metrics = VALUES(metrics)")
                            .execute(Tuple.tuple(Arrays.asList(
                                    v.name(),
                                    v.version(),
                                    v.task(),
                                    v.status(),
                                    metrics,
                                    cut(v.trainingData(), 1000),
                                    utc(v.trainedAt()),
                                    utc(now),
                                    ACTIVE.equals(v.status()) ? utc(now) : null))))
                    .chain(() -> head.map(h -> storeHead(conn, v, h))
                            .orElse(Uni.createFrom().voidItem()));
        });
    }

    private static Uni<Void> storeHead(SqlConnection conn, Version v, Head h) {
        int features = h.weight()[0].length;
        ByteBuffer buf = ByteBuffer.allocate(4 * (3 * features + 3)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : h.weight()) {
            for (float f : row) {
                buf.putFloat(f);
            }
        }
        for (float b : h.bias()) {
            buf.putFloat(b);
        }
        return conn.preparedQuery("INSERT IGNORE INTO sentiment_head (name, version, base_version, features, weights) "
                        // the core Buffer: the client does not unwrap a Mutiny Buffer and would send it as text
                        // (mangled bytes)
                        + "VALUES (?, ?, ?, ?, ?)")
                .execute(Tuple.of(
                        v.name(),
                        v.version(),
                        h.baseVersion(),
                        features,
                        io.vertx.core.buffer.Buffer.buffer(buf.array())))
                .replaceWithVoid();
    }

    public Uni<Optional<Head>> head(String name, String version) {
        return pool.preparedQuery("SELECT base_version, features, weights FROM sentiment_head WHERE name = ? AND "
                        + "version = ?")
                .execute(Tuple.of(name, version))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    int features = r.getInteger("features");
                    ByteBuffer buf =
                            ByteBuffer.wrap(r.getBuffer("weights").getBytes()).order(ByteOrder.LITTLE_ENDIAN);
                    float[][] w = new float[3][features];
                    for (float[] row : w) {
                        for (int j = 0; j < features; j++) {
                            row[j] = buf.getFloat();
                        }
                    }
                    float[] b = {buf.getFloat(), buf.getFloat(), buf.getFloat()};
                    return Optional.of(new Head(r.getString("base_version"), w, b));
                });
    }

    public Uni<List<Version>> all() {
        return pool.query("SELECT * FROM model_version ORDER BY name, registered_at DESC, version DESC")
                .execute()
                .map(rows -> {
                    List<Version> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(version(r));
                    }
                    return out;
                });
    }

    public Uni<Optional<Version>> active(String name) {
        return pool.preparedQuery("SELECT * FROM model_version WHERE name = ? AND status = 'ACTIVE'")
                .execute(Tuple.of(name))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(version(rows.iterator().next())));
    }

    /** How many versions of {@code name} start with {@code prefix}: numbers the next retrained version. */
    public Uni<Integer> count(String name, String prefix) {
        return pool.preparedQuery("SELECT COUNT(*) FROM model_version WHERE name = ? AND version LIKE ?")
                .execute(Tuple.of(name, prefix + "%"))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    private Version version(Row r) {
        Map<String, Object> metrics;
        try {
            metrics = json.readValue(r.getString("metrics"), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            metrics = Map.of();
        }
        return new Version(
                r.getString("name"),
                r.getString("version"),
                r.getString("task"),
                r.getString("status"),
                metrics,
                r.getString("training_data"),
                UtcTimes.instant(r.getLocalDateTime("trained_at")),
                UtcTimes.instant(r.getLocalDateTime("registered_at")),
                r.getLocalDateTime("activated_at") == null
                        ? null
                        : UtcTimes.instant(r.getLocalDateTime("activated_at")));
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
