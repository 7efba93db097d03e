package io.retailpulse.ingest.uploads;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.common.api.RequestCharset;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.platform.IngestMetrics;
import io.retailpulse.ingest.platform.Problems;
import io.retailpulse.ingest.uploads.csv.TransactionCsvReader;
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

@Path("/api/v1/transactions")
public class TransactionResource {
    private static final Logger LOG = Logger.getLogger(TransactionResource.class);
    static final String SOURCE = "csv";

    private final TransactionUploads uploads;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    public TransactionResource(TransactionUploads uploads, IngestConfig config, IngestMetrics metrics) {
        this.uploads = uploads;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // streams the body from a worker thread and waits for Kafka's commits
    @Operation(
            summary = "Upload transactions as CSV",
            description = "Header transaction_id,ts,store_id,product_id,quantity,unit_price (extra columns allowed). "
                    + "Bad rows are answered with their line and reason and sent to retail.transactions.dlq. "
                    + "A transaction_id handed on before is counted in 'duplicates' and not sent again.")
    public IngestResult upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        Charset charset = RequestCharset.of(contentType);
        TransactionCsvReader reader = new TransactionCsvReader(config.defaultZone(), Clock.systemUTC(), SOURCE);
        ExactlyOnceUploadSink sink = uploads.open("csv:transactions");
        try {
            reader.read(body, charset, sink);
            sink.flush();
        } catch (PublishFailedException e) {
            LOG.errorf(e, "Kafka did not take an upload: %s", e.getMessage());
            throw Problems.unavailable("Kafka did not take the upload (" + e.getMessage() + "); " + e.confirmed()
                    + " rows were handed on before the failure. Send the file again later: transaction ids "
                    + "already handed on are not sent twice.");
        } catch (java.io.UncheckedIOException e) {
            sink.settle();
            throw ProblemException.badRequest(e.getMessage());
        } catch (io.smallrye.mutiny.TimeoutException | io.vertx.core.VertxException e) {
            sink.settle();
            LOG.errorf(e, "the ingest ledger (MySQL) failed during an upload");
            throw Problems.unavailable("The ingest ledger is not available (" + e.getMessage() + "). Send the file "
                    + "again later: transaction ids already handed on are not sent twice.");
        }
        IngestResult result = sink.result();
        if (sink.inDoubt() > 0) {
            throw Problems.unavailable(sink.inDoubt() + " transaction ids are being handed on by another upload "
                    + "(or await recovery after a failure); the other " + result.accepted() + " valid rows are "
                    + "handed on. Send the file again shortly: nothing is sent twice.");
        }
        metrics.record(SOURCE, result.accepted(), result.duplicates(), result.reasons(), result.rejected());
        return result;
    }
}
