package io.retailpulse.ingest.uploads;

import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.CapabilityApi;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Entry to the exactly-once path for transactions, for the CSV upload and for the retail generator: each call
 * opens one upload (its windows, claims and answer).
 */
@CapabilityApi
@ApplicationScoped
public class TransactionUploads {
    private final TransactionWindowPublisher publisher;
    private final CatalogGate catalog;
    private final Records records;
    private final IngestConfig config;

    public TransactionUploads(
            TransactionWindowPublisher publisher, CatalogGate catalog, Records records, IngestConfig config) {
        this.publisher = publisher;
        this.catalog = catalog;
        this.records = records;
        this.config = config;
    }

    /** A new upload; {@code source} goes into its dead letters' {@code dead-letter-source} header. */
    public ExactlyOnceUploadSink open(String source) {
        return new ExactlyOnceUploadSink(
                publisher, catalog, records, source, config.publishWindow(), config.maxReportedErrors());
    }
}
