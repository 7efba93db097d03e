package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.aggregation.SeriesKey;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.config.FittingPool;
import io.retailpulse.forecasting.config.ForecastingConfig;
import io.retailpulse.forecasting.aggregation.TrainingSeriesRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A forecast run over every store-product: plan (pairs, last day), then per pair load its series, fit on the
 * fitting pool, store forecast and backtest metrics, publish, count progress; finally the run's global metrics.
 * One run at a time per instance; a run the process did not finish is marked failed at the next start.
 */
@ApplicationScoped
public class ForecastRunner {
    private static final Logger LOG = Logger.getLogger(ForecastRunner.class);

    private final TrainingSeriesRepository series;
    private final ForecastRunRepository runs;
    private final ForecastRepository forecasts;
    private final ForecastPublisher publisher;
    private final PairForecaster forecaster;
    private final FittingPool pool;
    private final ForecastingConfig config;
    private final ModelSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Phases phases;

    /** Time per pair in each phase of a run ({@code forecasting_run_phase_seconds}). */
    private record Phases(Timer load, Timer fit, Timer save) {
        static Phases in(MeterRegistry registry) {
            return new Phases(timer(registry, "load"), timer(registry, "fit"), timer(registry, "save"));
        }

        private static Timer timer(MeterRegistry registry, String phase) {
            return Timer.builder("forecasting_run_phase_seconds").tag("phase", phase).register(registry);
        }
    }

    public ForecastRunner(TrainingSeriesRepository series, ForecastRunRepository runs, ForecastRepository forecasts,
            ForecastPublisher publisher, PairForecaster forecaster, FittingPool pool, ForecastingConfig config,
            ModelSettings settings, MeterRegistry registry) {
        this.series = series;
        this.runs = runs;
        this.forecasts = forecasts;
        this.publisher = publisher;
        this.forecaster = forecaster;
        this.pool = pool;
        this.config = config;
        this.settings = settings;
        this.phases = Phases.in(registry);
    }

    void onStart(@Observes StartupEvent event) {
        runs.failInterrupted().subscribe().with(n -> {
            if (n > 0) {
                LOG.warnf("Marked %d interrupted forecast run(s) as failed", n);
            }
        }, e -> LOG.warn("Could not check for interrupted forecast runs", e));
    }

    /** Starts a run in the background and answers with its id; 409 while another run is in progress. */
    public Uni<Long> start(String trigger) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(new ProblemException(409, "Conflict",
                    "a forecast run is already in progress; poll it or try again later", null));
        }
        return runs.create(trigger, config.horizonDays())
                .onFailure().invoke(() -> running.set(false))
                .invoke(runId -> execute(runId).subscribe().with(
                        ignored -> running.set(false),
                        e -> running.set(false)));
    }

    public boolean isRunning() {
        return running.get();
    }

    private Uni<Void> execute(long runId) {
        RunMetrics metrics = new RunMetrics();
        long started = System.nanoTime();
        return series.asOf().chain(asOf -> asOf == null
                ? runs.plan(runId, 0, null)
                : series.pairs().chain(pairs -> runs.plan(runId, pairs.size(), asOf)
                        .chain(() -> forecastAll(runId, pairs, asOf, metrics))))
                .chain(() -> runs.finish(runId, "SUCCEEDED", metrics.summary(), null))
                .invoke(() -> LOG.infof("Forecast run %d finished in %d ms (mean per pair: load %.1f ms, fit %.1f ms, "
                        + "save %.1f ms): %s", runId, (System.nanoTime() - started) / 1_000_000,
                        phases.load.mean(TimeUnit.MILLISECONDS), phases.fit.mean(TimeUnit.MILLISECONDS),
                        phases.save.mean(TimeUnit.MILLISECONDS), metrics.summary()))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Forecast run %d failed", runId);
                    return runs.finish(runId, "FAILED", metrics.summary(), String.valueOf(e.getMessage()));
                });
    }

    private Uni<Void> forecastAll(long runId, List<SeriesKey> pairs, LocalDate asOf, RunMetrics metrics) {
        Uni<PooledShapes> shapes = settings.pooling() ? firstPass(pairs, asOf) : Uni.createFrom().item(PooledShapes.NONE);
        return shapes.chain(pooled -> Multi.createFrom().iterable(pairs)
                .onItem().transformToUni(key -> forecastPair(runId, key, asOf, metrics, pooled)).merge(concurrency())
                .onItem().ignoreAsUni());
    }

    /** Four pairs in flight per fitting thread, so loading, writing and publishing overlap with fitting. */
    private int concurrency() {
        return Math.max(1, config.workers()) * 4;
    }

    /** Pooling's first pass: fit every pair on its own and average the seasonal shapes. */
    private Uni<PooledShapes> firstPass(List<SeriesKey> pairs, LocalDate asOf) {
        PooledShapes.Accumulator acc = new PooledShapes.Accumulator();
        return Multi.createFrom().iterable(pairs)
                .onItem().transformToUni(key -> series.series(key, asOf).emitOn(pool.executor()).invoke(s -> {
                    if (s.days() >= config.minHistoryDays()) {
                        forecaster.firstPass(s, acc);
                    }
                }).onFailure().recoverWithNull()).merge(concurrency())
                .onItem().ignoreAsUni().map(ignored -> acc.means());
    }

    private Uni<Void> forecastPair(long runId, SeriesKey key, LocalDate asOf, RunMetrics metrics, PooledShapes pooled) {
        long start = System.nanoTime();
        return series.series(key, asOf)
                .invoke(() -> phases.load.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .emitOn(pool.executor())
                .map(s -> phases.fit.record(() -> s.days() < config.minHistoryDays() ? null : forecaster.forecast(s, pooled)))
                .chain(f -> {
                    if (f == null) {
                        return runs.progress(runId, true, false);
                    }
                    metrics.add(f.model(), f.naive());
                    long saving = System.nanoTime();
                    return forecasts.save(runId, f)
                            .invoke(() -> phases.save.record(System.nanoTime() - saving, TimeUnit.NANOSECONDS))
                            .chain(() -> publisher.publish(runId, f))
                            .chain(() -> runs.progress(runId, false, false));
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf(e, "Forecast run %d: %s failed", runId, key.kafkaKey());
                    return runs.progress(runId, false, true);
                });
    }
}
