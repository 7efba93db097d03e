package io.retailpulse.analytics.reasons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.analytics.lists.Cursor;
import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.KeyType;
import io.retailpulse.analytics.lists.KeysetReader;
import io.retailpulse.analytics.lists.ListParams;
import io.retailpulse.analytics.lists.Lists;
import io.retailpulse.analytics.lists.Ordering;
import io.retailpulse.analytics.lists.Page;
import io.retailpulse.analytics.lists.Runs;
import io.retailpulse.analytics.lists.SortKeys;
import io.retailpulse.analytics.lists.Sql;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/topics/top-reasons")
@Tag(name = "topics")
public class TopReasonResource {
    private static final Logger LOG = Logger.getLogger(TopReasonResource.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    /** The run leads the order, so a cursor keeps its run. */
    static final SortKeys SORT = SortKeys.builder()
            .leading("run_id", KeyType.LONG)
            .key("rank", "rank_no", KeyType.LONG)
            .key("unhappy", "unhappy", KeyType.LONG)
            .key("share", "share", KeyType.DOUBLE)
            .unique("rank_no", KeyType.LONG)
            .defaultSort("rank");

    private final KeysetReader reader;
    private final Runs runs;
    private final ObjectMapper json;

    public TopReasonResource(KeysetReader reader, Runs runs, ObjectMapper json) {
        this.reader = reader;
        this.runs = runs;
        this.json = json;
    }

    public static class Query {
        @QueryParam("runId")
        @Parameter(description = "A DONE topic run (default: the newest one)")
        public String runId;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Top complaint reasons of a topic run, ranked by unhappy feedback",
            description = "The newest DONE run unless runId is given (404 unknown run, 409 run not DONE). Sort keys: "
                    + "rank (default), unhappy, share; ties broken by rank. A cursor keeps its run.")
    public Uni<Page<TopReasonItem>> topReasons(@BeanParam Query query, @BeanParam ListParams list) {
        Ordering ordering = SORT.parse(list.sort);
        List<Object> after = Cursor.position(list.cursor, ordering);
        Long requested = Filters.positive("runId", query.runId);
        Filters.limit(list.limit);
        return run(requested, after)
                .chain(run -> run == null
                        ? Uni.createFrom().item(new Page<TopReasonItem>(List.of(), null))
                        : Lists.page(reader, sql(run), ordering, list, row -> item(row, run)));
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "The reasons as streamed CSV (header " + TopReasonItem.CSV_HEADER + ")")
    public Multi<Buffer> topReasonsCsv(@BeanParam Query query, @BeanParam ListParams list) {
        Ordering ordering = SORT.parse(list.sort);
        List<Object> after = Cursor.position(list.cursor, ordering);
        Long requested = Filters.positive("runId", query.runId);
        Filters.exportLimit(list.limit);
        return run(requested, after)
                .onItem()
                .transformToMulti(run -> run == null
                        ? Multi.createFrom().item(Buffer.buffer(TopReasonItem.CSV_HEADER + "\n"))
                        : Lists.csv(
                                reader,
                                sql(run),
                                ordering,
                                list,
                                TopReasonItem.CSV_HEADER,
                                row -> item(row, run).csv()));
    }

    private static Sql sql(Runs.Run run) {
        return Sql.select(
                        "SELECT r.run_id, r.rank_no, r.topic_id, r.label, r.unhappy, r.share, t.keywords, t.size "
                                + "FROM api_topic_reason r LEFT JOIN api_topic_run_topic t ON t.run_id = r.run_id AND t.topic_id = r.topic_id")
                .where("r.run_id = ?", run.id());
    }

    /** The cursor's run, the requested one (404 unless it exists, 409 unless it is DONE), or the newest DONE. */
    private Uni<Runs.Run> run(Long requested, List<Object> after) {
        Long id = after != null ? (Long) after.get(0) : requested;
        if (id == null) {
            return runs.latestDoneTopicRun();
        }
        return runs.topicRun(id).map(run -> {
            if (run == null) {
                throw new ProblemException(404, "Not Found", "topic run " + id + " does not exist", null);
            }
            if (!Runs.TOPICS_DONE.equals(run.status())) {
                throw new ProblemException(
                        409, "Conflict", "topic run " + id + " is " + run.status() + ", not DONE", null);
            }
            return run;
        });
    }

    private TopReasonItem item(Row r, Runs.Run run) {
        return new TopReasonItem(
                r.getInteger("rank_no"),
                r.getLong("topic_id"),
                r.getString("label"),
                keywords(r.getString("keywords")),
                r.getInteger("unhappy"),
                r.getDouble("share"),
                r.getInteger("size"),
                run.id(),
                new TopReasonItem.Window(UtcTimes.instant(run.windowFrom()), UtcTimes.instant(run.windowTo())));
    }

    private List<String> keywords(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            LOG.warnf("topic keywords are not a JSON array of strings: %s", e.getOriginalMessage());
            return List.of();
        }
    }
}
