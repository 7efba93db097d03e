package io.retailpulse.ingest.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.ingest.config.IngestConfig;
import io.retailpulse.ingest.domain.CsvHeaderException;
import io.retailpulse.ingest.domain.IngestResult;
import io.retailpulse.ingest.domain.TransactionCsvReader;
import io.retailpulse.ingest.domain.UploadSink;
import io.retailpulse.ingest.messaging.TransactionPublisher;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.time.Clock;

@Path("/api/v1/transactions")
public class TransactionResource {
    private static final Logger LOG = Logger.getLogger(TransactionResource.class);
    static final String SOURCE = "csv";

    private final TransactionPublisher publisher;
    private final IngestConfig config;
    private final MeterRegistry registry;

    public TransactionResource(TransactionPublisher publisher, IngestConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // streams the body from a worker thread and waits for Kafka's acknowledgements
    @Operation(summary = "Upload transactions as CSV",
            description = "Header transaction_id,ts,store_id,product_id,quantity,unit_price (extra columns allowed). "
                    + "Bad rows are answered with their line and reason and sent to retail.transactions.dlq.")
    public IngestResult upload(InputStream body) {
        TransactionCsvReader reader = new TransactionCsvReader(config.defaultZone(), Clock.systemUTC(), SOURCE);
        UploadSink sink = new UploadSink(publisher, "csv:transactions", config.publishWindow(), config.ackTimeout(),
                config.maxReportedErrors());
        try {
            reader.read(body, sink);
            sink.flush();
        } catch (CsvHeaderException e) {
            throw ProblemException.badRequest(e.getMessage());
        } catch (UploadSink.PublishFailedException e) {
            LOG.errorf("Kafka did not acknowledge an upload: %s", e.getMessage());
            throw new ProblemException(503, "Service Unavailable", "Kafka did not acknowledge the upload ("
                    + e.getMessage() + "); " + e.confirmed() + " rows were handed on before the failure. "
                    + "Send the file again later: transaction ids already counted are not counted twice.",
                    null).retryAfter(30);
        }
        IngestResult result = sink.result();
        registry.counter("ingest_rows_total", "kind", "transactions", "outcome", "accepted").increment(result.accepted());
        registry.counter("ingest_rows_total", "kind", "transactions", "outcome", "rejected").increment(result.rejected());
        return result;
    }
}
