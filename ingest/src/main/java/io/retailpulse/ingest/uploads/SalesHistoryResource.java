package io.retailpulse.ingest.uploads;

import io.retailpulse.common.api.RequestCharset;
import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.kafka.RecordLog;
import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.platform.IngestMetrics;
import io.retailpulse.ingest.platform.Problems;
import io.retailpulse.ingest.platform.csv.RowError;
import io.retailpulse.ingest.uploads.csv.SalesHistoryCsvReader;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

@Path("/api/v1/sales-history")
public class SalesHistoryResource {
    private static final Logger LOG = Logger.getLogger(SalesHistoryResource.class);
    static final String SOURCE = "csv";

    private final RecordLog log;
    private final Records records;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    public SalesHistoryResource(RecordLog log, Records records, IngestConfig config, IngestMetrics metrics) {
        this.log = log;
        this.records = records;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // streams the body from a worker thread and waits for Kafka's acknowledgements
    @Operation(
            summary = "Import daily sales totals as CSV",
            description = "Header date,store,item,sales (the Store Item Demand format; extra columns allowed, an "
                    + "optional revenue column is kept). Rows go to retail.sales.history keyed store|item; a later "
                    + "import of the same store-item-day replaces the earlier one. Bad rows are answered with "
                    + "their line and reason and sent to retail.sales.history.dlq.")
    public IngestResult upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        Charset charset = RequestCharset.of(contentType);
        long t0 = System.nanoTime();
        AtLeastOnceUploadSink sink = new AtLeastOnceUploadSink(
                log,
                records,
                Topics.dlq(Topics.SALES_HISTORY),
                "csv:sales-history",
                config.historyWindow(),
                config.ackTimeout(),
                config.maxReportedErrors());
        SalesHistoryCsvReader reader = new SalesHistoryCsvReader(Clock.systemUTC(), SOURCE);
        try {
            reader.read(body, charset, new SalesHistoryCsvReader.Sink() {
                @Override
                public void accept(SalesHistoryEvent event) {
                    sink.accept(records.json(Topics.SALES_HISTORY, event.key(), event));
                }

                @Override
                public void reject(RowError error, String rawLine) {
                    sink.reject(error, rawLine);
                }
            });
            sink.flush();
        } catch (PublishFailedException e) {
            LOG.errorf("Kafka did not take a sales history import: %s", e.getMessage());
            throw Problems.unavailable("Kafka did not take the import (" + e.getMessage() + "); " + e.confirmed()
                    + " rows were handed on before the failure. Send the file again later: a re-import of a "
                    + "store-item-day replaces the earlier one.");
        }
        IngestResult result = sink.result();
        metrics.record("sales-history", result.accepted(), 0, result.reasons(), result.rejected());
        LOG.infof(
                "sales history import: %d accepted, %d rejected in %d ms",
                result.accepted(), result.rejected(), (System.nanoTime() - t0) / 1_000_000);
        return result;
    }
}
