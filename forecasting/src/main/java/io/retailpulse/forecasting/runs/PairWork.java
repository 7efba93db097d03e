package io.retailpulse.forecasting.runs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.DbErrors;
import io.retailpulse.forecasting.aggregation.TrainingSeriesRepository;
import io.retailpulse.forecasting.config.FittingPool;
import io.retailpulse.forecasting.config.ForecastingConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The use case of one work item, on whichever replica consumes it: leave out the pairs already finished (a
 * redelivered item), load every remaining series in one query, fit them on the fitting pool in parallel, store the
 * forecasts, metrics and completions in one transaction, publish each forecast, and finish the run when this item
 * was its last. MySQL or Kafka unreachable: the item is retried with back-off for {@code runs.retry-window}.
 */
// Created at start (on the main thread): the worker name may need a host name look-up, never on the event loop.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class PairWork {
    private static final Logger LOG = Logger.getLogger(PairWork.class);

    private final TrainingSeriesRepository series;
    private final ForecastRunRepository runs;
    private final ForecastRepository forecasts;
    private final ForecastPublisher publisher;
    private final PairForecaster forecaster;
    private final FittingPool pool;
    private final ForecastingConfig config;
    private final String worker;
    private final Phases phases;
    private final RunRegressors regressors;
    private final RunRegressorRepository runRegressors;

    /** Time per item in each phase ({@code forecasting_run_phase_seconds}; fit: per pair). */
    private record Phases(Timer load, Timer fit, Timer save) {
        static Phases in(MeterRegistry registry) {
            return new Phases(timer(registry, "load"), timer(registry, "fit"), timer(registry, "save"));
        }

        private static Timer timer(MeterRegistry registry, String phase) {
            return Timer.builder("forecasting_run_phase_seconds")
                    .tag("phase", phase)
                    .register(registry);
        }
    }

    public PairWork(
            TrainingSeriesRepository series,
            ForecastRunRepository runs,
            ForecastRepository forecasts,
            ForecastPublisher publisher,
            PairForecaster forecaster,
            FittingPool pool,
            ForecastingConfig config,
            MeterRegistry registry,
            RunRegressors regressors,
            RunRegressorRepository runRegressors) {
        this.series = series;
        this.regressors = regressors;
        this.runRegressors = runRegressors;
        this.runs = runs;
        this.forecasts = forecasts;
        this.publisher = publisher;
        this.forecaster = forecaster;
        this.pool = pool;
        this.config = config;
        this.worker = config.runs().workerId().filter(w -> !w.isBlank()).orElseGet(PairWork::defaultWorker);
        this.phases = Phases.in(registry);
    }

    /** {@code <hostname>-<pid>}: a pod's name on Kubernetes, and distinct for replicas on one machine. */
    private static String defaultWorker() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "local";
            }
        }
        String id = host + "-" + ProcessHandle.current().pid();
        return id.length() <= 128 ? id : id.substring(id.length() - 128);
    }

    public String worker() {
        return worker;
    }

    public Uni<Void> process(WorkItem item) {
        Duration window = config.runs().retryWindow();
        return Uni.createFrom()
                .deferred(() -> runs.pending(item.runId(), item.pairs()))
                .chain(open -> open.isEmpty() ? Uni.createFrom().voidItem() : fitAndStore(item, open))
                .onFailure(e -> !(e instanceof IllegalArgumentException))
                .invoke(e -> LOG.warnf(
                        "Forecast run %d: a work item failed (retried for %s): %s", item.runId(), window, e.toString()))
                .onFailure(e -> !(e instanceof IllegalArgumentException))
                .retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10))
                .expireIn(window.toMillis())
                // Given up (then dead-lettered): its pairs fail with the reason, so the run still finishes.
                .onFailure()
                .call(e -> giveUp(item, e));
    }

    /**
     * A record of the run's item {@code index} that cannot be read: its still pending pairs (found by the item
     * number recorded when the run was published) FAILED with {@code reason}, and the run finished if they were its
     * last. Retried like an item while MySQL is unreachable.
     */
    public Uni<Void> failUnreadable(long runId, int index, String reason) {
        Duration window = config.runs().retryWindow();
        return Uni.createFrom()
                .deferred(() -> runs.failItem(runId, index, reason, worker))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10))
                .expireIn(window.toMillis())
                .invoke(n -> LOG.warnf(
                        "Forecast run %d: work item %d is unreadable, %d pair(s) FAILED: %s", runId, index, n, reason))
                .chain(n -> n > 0 ? finishIfLast(runId) : Uni.createFrom().voidItem());
    }

    /** The item's still pending pairs FAILED with the reason it was given up for; best effort (MySQL may be away). */
    private Uni<Void> giveUp(WorkItem item, Throwable failure) {
        String reason = "work item given up: " + DbErrors.reason(failure);
        return runs.failPairs(item.runId(), item.pairs(), reason, worker)
                .chain(n ->
                        n > 0 ? finishIfLast(item.runId()) : Uni.createFrom().voidItem())
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "Forecast run %d: could not mark the pairs of a given-up item FAILED: %s",
                        item.runId(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> fitAndStore(WorkItem item, List<io.retailpulse.forecasting.aggregation.SeriesKey> open) {
        long loading = System.nanoTime();
        // The run's regressors (RunRegressors): their values for every pair of the item in one query each; their
        // per-pair outcomes are stored before the pairs complete. A run without regressors does none of it.
        Queue<RunRegressors.Outcome> outcomes = new ConcurrentLinkedQueue<>();
        return series.series(open, item.asOf())
                .chain(loaded -> regressors
                        .read(item.regressorsOrNone(), loaded.values())
                        .chain(values -> {
                            phases.load.record(System.nanoTime() - loading, TimeUnit.NANOSECONDS);
                            List<Uni<ForecastRepository.Finished>> fits = new ArrayList<>(loaded.size());
                            for (DailySeries s : loaded.values()) {
                                fits.add(Uni.createFrom()
                                        .item(() -> fit(item, s, values.get(s.key()), outcomes))
                                        .runSubscriptionOn(pool.executor()));
                            }
                            return Uni.join().all(fits).andFailFast();
                        }))
                .chain(finished -> {
                    long saving = System.nanoTime();
                    return runRegressors
                            .saveOutcomes(item.runId(), List.copyOf(outcomes))
                            .chain(() -> save(item.runId(), finished))
                            .invoke(() -> phases.save.record(System.nanoTime() - saving, TimeUnit.NANOSECONDS))
                            .chain(stored -> publish(item.runId(), stored));
                })
                .chain(() -> finishIfLast(item.runId()));
    }

    /**
     * The item's pairs in one transaction; when MySQL refuses the item's data (retrying cannot help), pair by pair,
     * a refused pair FAILED with MySQL's reason. Answers what was stored.
     */
    private Uni<List<ForecastRepository.Finished>> save(long runId, List<ForecastRepository.Finished> finished) {
        return forecasts
                .save(runId, finished, worker)
                .replaceWith(finished)
                .onFailure(DbErrors::refusedData)
                .recoverWithUni(refused -> Multi.createFrom()
                        .iterable(finished)
                        .onItem()
                        .transformToUniAndConcatenate(f -> forecasts
                                .save(runId, List.of(f), worker)
                                .replaceWith(f)
                                .onFailure(DbErrors::refusedData)
                                .recoverWithUni(e -> {
                                    ForecastRepository.Finished failed =
                                            ForecastRepository.Finished.failed(f.key(), DbErrors.reason(e));
                                    return forecasts
                                            .save(runId, List.of(failed), worker)
                                            .replaceWith(failed);
                                }))
                        .collect()
                        .asList());
    }

    /** Marks the run finished when no pair is pending; every replica may try, one wins. */
    private Uni<Void> finishIfLast(long runId) {
        return runs.anyPending(runId)
                .chain(left -> left
                        ? Uni.createFrom().voidItem()
                        : runs.finishIfComplete(runId)
                                .invoke(won -> {
                                    if (won) {
                                        LOG.infof("Forecast run %d finished (last item on %s)", runId, worker);
                                    }
                                })
                                .replaceWithVoid());
    }

    /**
     * CPU work on a fitting thread; a pair whose fit throws, or gives a value MySQL cannot store (not finite), is
     * recorded as FAILED with the reason, not retried.
     */
    private ForecastRepository.Finished fit(
            WorkItem item,
            DailySeries s,
            Map<String, Map<LocalDate, Double>> regressorValues,
            Queue<RunRegressors.Outcome> outcomes) {
        if (s.days() < config.minHistoryDays()) {
            return new ForecastRepository.Finished(s.key(), ForecastRepository.Outcome.SKIPPED, null);
        }
        long start = System.nanoTime();
        try {
            // Unpooled runs keep the two-argument entry point (the one test forecasters override).
            PairForecast f = item.topDown() == null
                    ? forecaster.forecast(s, item.pooled())
                    : forecaster.forecast(s, item.pooled(), item.topDown());
            if (!item.regressorsOrNone().isEmpty()) {
                RunRegressors.Applied applied = regressors.apply(s, f, item.regressorsOrNone(), regressorValues);
                outcomes.addAll(applied.outcomes());
                f = applied.forecast();
            }
            String invalid = nonFinite(f);
            if (invalid != null) {
                LOG.warnf(
                        "Forecast run %d: %s failed: %s", item.runId(), s.key().kafkaKey(), invalid);
                return ForecastRepository.Finished.failed(s.key(), invalid);
            }
            return new ForecastRepository.Finished(s.key(), ForecastRepository.Outcome.FORECAST, f);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Forecast run %d: %s failed", item.runId(), s.key().kafkaKey());
            return ForecastRepository.Finished.failed(s.key(), "fit failed: " + e);
        } finally {
            phases.fit.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** What in a forecast is not a finite number (e.g. a log1p transform of units at -1), or null. */
    static String nonFinite(PairForecast f) {
        for (PairForecast.Day d : f.days()) {
            if (!Double.isFinite(d.yhat()) || !Double.isFinite(d.lower()) || !Double.isFinite(d.upper())) {
                return "forecast not finite on " + d.date() + " (yhat " + d.yhat() + ", interval " + d.lower() + " to "
                        + d.upper() + "): the series has values the model cannot fit";
            }
            for (var c : d.components().entrySet()) {
                if (c.getValue() != null && !Double.isFinite(c.getValue())) {
                    return "component " + c.getKey() + " not finite on " + d.date()
                            + ": the series has values the model cannot fit";
                }
            }
        }
        return null;
    }

    private Uni<Void> publish(long runId, List<ForecastRepository.Finished> finished) {
        List<Uni<Void>> sends = finished.stream()
                .filter(f -> f.forecast() != null)
                .map(f -> publisher.publish(runId, f.forecast()))
                .toList();
        return sends.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
