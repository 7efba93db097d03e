package io.retailpulse.ingest.demo.retail;

import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.catalog.CatalogService;
import io.retailpulse.ingest.platform.IngestMetrics;
import io.retailpulse.ingest.uploads.ExactlyOnceUploadSink;
import io.retailpulse.ingest.uploads.IngestResult;
import io.retailpulse.ingest.uploads.TransactionUploads;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs one generator at a time in the background: registers the synthetic catalog, then publishes its
 * transactions through the same exactly-once path as CSV uploads (so a repeated backfill adds nothing).
 */
@ApplicationScoped
public class GeneratorService {
    private static final Logger LOG = Logger.getLogger(GeneratorService.class);

    private final TransactionUploads uploads;
    private final CatalogService catalog;
    private final IngestMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong units = new AtomicLong();
    private volatile GeneratorStatus status = GeneratorStatus.idle();

    public GeneratorService(TransactionUploads uploads, CatalogService catalog, IngestMetrics metrics) {
        this.uploads = uploads;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    /** Starts a run; {@link IllegalStateException} if one is running, {@link IllegalArgumentException} if invalid. */
    public synchronized GeneratorStatus start(GeneratorRequest raw) {
        if ("running".equals(status.state())) {
            throw new IllegalStateException("the generator is already running; stop it first");
        }
        GeneratorRequest request = raw.normalised(LocalDate.now(clock));
        stop.set(false);
        generated.set(0);
        units.set(0);
        status = new GeneratorStatus("running", request, 0, 0, 0, 0, clock.instant(), null, null);
        Infrastructure.getDefaultWorkerPool().execute(() -> run(request));
        return status;
    }

    public GeneratorStatus stop() {
        stop.set(true);
        return status();
    }

    public GeneratorStatus status() {
        GeneratorStatus s = status;
        return "running".equals(s.state())
                ? new GeneratorStatus(
                        s.state(),
                        s.request(),
                        generated.get(),
                        units.get(),
                        s.accepted(),
                        s.duplicates(),
                        s.startedAt(),
                        null,
                        null)
                : s;
    }

    private void run(GeneratorRequest request) {
        RetailModel model = new RetailModel(
                request.seed(), request.stores(), request.products(), request.start(), request.sentimentPlant());
        RetailGenerator generator = new RetailGenerator(model, request.seed());
        ExactlyOnceUploadSink sink = uploads.open("generator");
        String state = "done";
        String error = null;
        try {
            catalog.upsert(model.catalog(clock.instant()));
            if (GeneratorRequest.BACKFILL.equals(request.mode())) {
                backfill(request, generator, sink);
            } else {
                realtime(request, generator, sink);
            }
            sink.flush();
            state = stop.get() ? "stopped" : "done";
        } catch (RuntimeException e) {
            LOG.errorf(e, "generator run failed");
            state = "failed";
            error = e.getMessage();
        }
        IngestResult result = sink.result();
        metrics.record("generator", result.accepted(), result.duplicates(), result.reasons(), result.rejected());
        status = new GeneratorStatus(
                state,
                request,
                generated.get(),
                units.get(),
                result.accepted(),
                result.duplicates(),
                status.startedAt(),
                clock.instant(),
                error);
        LOG.infof(
                "generator %s: %d generated, %d accepted (%d duplicates)",
                state, generated.get(), result.accepted(), result.duplicates());
    }

    private void backfill(GeneratorRequest request, RetailGenerator generator, ExactlyOnceUploadSink sink) {
        Instant now = clock.instant();
        for (int d = 0; d < request.days() && !stop.get(); d++) {
            generator.day(request.start().plusDays(d), now, event -> accept(sink, event));
        }
    }

    private void realtime(GeneratorRequest request, RetailGenerator generator, ExactlyOnceUploadSink sink) {
        SplittableRandom random = new SplittableRandom(request.seed());
        long sequence = 0;
        while (!stop.get()) {
            long second = System.nanoTime();
            Instant now = clock.instant();
            for (int i = 0; i < request.rate(); i++) {
                accept(sink, generator.live(now, sequence++, random));
            }
            sink.flush(); // every second's sales are on Kafka before the next second starts
            long sleep = 1000 - (System.nanoTime() - second) / 1_000_000;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void accept(ExactlyOnceUploadSink sink, TransactionEvent event) {
        generated.incrementAndGet();
        units.addAndGet(event.quantity());
        sink.accept(event, 0, "");
    }
}
