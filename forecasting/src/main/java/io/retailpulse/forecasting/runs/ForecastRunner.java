package io.retailpulse.forecasting.runs;

import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.aggregation.TrainingSeriesRepository;
import io.retailpulse.forecasting.config.FittingPool;
import io.retailpulse.forecasting.config.ForecastingConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Starts forecast runs and spreads them over the replicas: create the run (one RUNNING run in the cluster), plan it
 * (every store-product with data into {@code forecast_run_pair}, in one statement), and publish its pending pairs in
 * small groups to {@code forecasting.work}; the replicas' {@link WorkConsumer}s fit them ({@link PairWork}) and the
 * one that finishes the last pair marks the run SUCCEEDED. A run a stopped process left RUNNING resumes at the next
 * start of any replica: planned again if its plan was not written, published again if not every item was on Kafka
 * (finished pairs are left out); items already on Kafka are redelivered to the live consumers by Kafka itself.
 */
@ApplicationScoped
public class ForecastRunner {
    private static final Logger LOG = Logger.getLogger(ForecastRunner.class);

    private final TrainingSeriesRepository series;
    private final ForecastRunRepository runs;
    private final WorkPublisher work;
    private final PairForecaster forecaster;
    private final FittingPool pool;
    private final ForecastingConfig config;
    private final ModelSettings settings;
    private final RunRegressors regressors;
    private final RunRegressorRepository runRegressors;
    /** This instance is planning or publishing a run (the cluster-wide guard is in {@code createIfIdle}). */
    private final AtomicBoolean planning = new AtomicBoolean();

    public ForecastRunner(
            TrainingSeriesRepository series,
            ForecastRunRepository runs,
            WorkPublisher work,
            PairForecaster forecaster,
            FittingPool pool,
            ForecastingConfig config,
            ModelSettings settings,
            RunRegressors regressors,
            RunRegressorRepository runRegressors) {
        this.series = series;
        this.regressors = regressors;
        this.runRegressors = runRegressors;
        this.runs = runs;
        this.work = work;
        this.forecaster = forecaster;
        this.pool = pool;
        this.config = config;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        resume().subscribe()
                .with(
                        n -> {
                            if (n > 0) {
                                LOG.infof("Resumed %d unfinished forecast run(s)", n);
                            }
                        },
                        e -> LOG.warn("Could not check for unfinished forecast runs", e));
    }

    /** Starts a run in the background and answers with its id; 409 while a run is in progress in the cluster. */
    public Uni<Long> start(String trigger) {
        return start(trigger, regressors.defaults());
    }

    /**
     * The same with these regressors (checked: {@link RunRegressors#resolve}); a signal that does not exist is a
     * 400 before anything is created. They are stored with the run and travel with its work items.
     */
    public Uni<Long> start(String trigger, List<RunRegressor> withRegressors) {
        return start(trigger, withRegressors, null);
    }

    /** The schedule's run for fire time {@code scheduledFor}: 409 when that fire time has already run anywhere. */
    public Uni<Long> startScheduled(Instant scheduledFor) {
        return start("schedule", regressors.defaults(), scheduledFor);
    }

    private Uni<Long> start(String trigger, List<RunRegressor> withRegressors, Instant scheduledFor) {
        if (withRegressors.isEmpty()) {
            return create(trigger, withRegressors, scheduledFor);
        }
        return regressors.requireSignals(withRegressors).chain(checked -> create(trigger, checked, scheduledFor));
    }

    private Uni<Long> create(String trigger, List<RunRegressor> withRegressors, Instant scheduledFor) {
        if (!planning.compareAndSet(false, true)) {
            return Uni.createFrom().failure(conflict());
        }
        return runs.createIfIdle(
                        trigger,
                        config.horizonDays(),
                        settings.runModel(),
                        pooling(),
                        scheduledFor,
                        config.runs().staleAfter())
                .onItemOrFailure()
                .transformToUni((id, failure) -> {
                    if (failure != null || id.isEmpty()) {
                        planning.set(false);
                        return Uni.createFrom().failure(failure != null ? failure : conflict());
                    }
                    long runId = id.get();
                    // Stored before the plan: a run resumed by another replica publishes the same regressors.
                    return runRegressors
                            .save(runId, withRegressors)
                            .onFailure()
                            .call(e -> {
                                planning.set(false);
                                return runs.fail(runId, "could not store the run's regressors: " + e.getMessage());
                            })
                            .invoke(() -> planAndPublish(runId)
                                    .subscribe()
                                    .with(ignored -> planning.set(false), e -> planning.set(false)))
                            .replaceWith(runId);
                });
    }

    /** What the run records as its pooling: {@code none}, or the top-down settings. */
    private String pooling() {
        TopDown td = settings.topDown();
        return td == null ? "none" : td.describe();
    }

    private static ProblemException conflict() {
        return new ProblemException(
                409, "Conflict", "a forecast run is already in progress; poll it or try again " + "later", null);
    }

    /** True while this instance plans or publishes a run. */
    public boolean isRunning() {
        return planning.get();
    }

    /** Resumes every RUNNING run; answers how many needed planning or publishing. */
    Uni<Integer> resume() {
        return runs.unfinished().chain(list -> {
            List<Uni<Integer>> steps = new ArrayList<>();
            for (ForecastRunRepository.Unfinished u : list) {
                if (!u.planned()) {
                    LOG.infof("Forecast run %d was not planned: planning it again", u.runId());
                    steps.add(planAndPublish(u.runId()).replaceWith(1));
                } else if (!u.published()) {
                    LOG.infof("Forecast run %d was not fully published: publishing its pending pairs", u.runId());
                    steps.add(publish(u.runId(), u.asOf()).replaceWith(1));
                } else {
                    // Its items are on Kafka; only the finish may be missing (the last replica stopped before it).
                    steps.add(finishIfDone(u.runId()).replaceWith(0));
                }
            }
            return steps.isEmpty()
                    ? Uni.createFrom().item(0)
                    : Uni.join()
                            .all(steps)
                            .andCollectFailures()
                            .map(l -> l.stream().mapToInt(Integer::intValue).sum());
        });
    }

    private Uni<Void> planAndPublish(long runId) {
        long started = System.nanoTime();
        return series.asOf()
                .chain(asOf -> runs.plan(runId, asOf).chain(total -> {
                    LOG.infof("Forecast run %d planned: %d store-products up to %s", runId, total, asOf);
                    return total == 0 ? finishIfDone(runId) : publish(runId, asOf);
                }))
                .invoke(() -> LOG.infof(
                        "Forecast run %d published in %d ms", runId, (System.nanoTime() - started) / 1_000_000))
                .onFailure()
                .recoverWithUni(e -> {
                    LOG.errorf(e, "Forecast run %d failed", runId);
                    return runs.fail(runId, String.valueOf(e.getMessage()));
                });
    }

    /**
     * The pending pairs in numbered groups of {@code runs.pairs-per-item} (the ledger records each pair's item, so
     * an unreadable record still fails its pairs), then the mark that every item is on Kafka.
     */
    private Uni<Void> publish(long runId, LocalDate asOf) {
        int size = Math.max(1, config.runs().pairsPerItem());
        return runs.assignItems(runId, size).chain(pending -> {
            if (pending.isEmpty()) {
                return runs.published(runId).chain(() -> finishIfDone(runId));
            }
            Uni<PooledShapes> shapes = settings.pooling()
                    ? firstPass(runId, asOf)
                    : Uni.createFrom().item(PooledShapes.NONE);
            TopDown pooling = settings.topDown();
            Uni<Optional<TopDown>> totals = pooling == null
                    ? Uni.createFrom().item(Optional.empty())
                    : totals(runId, asOf, pooling).map(Optional::of);
            return Uni.combine()
                    .all()
                    .unis(shapes, runRegressors.find(runId), totals)
                    .asTuple()
                    .chain(all -> Multi.createFrom()
                            .iterable(pending)
                            .onItem()
                            .transformToUni(i -> work.publish(
                                    new WorkItem(
                                            runId,
                                            asOf,
                                            i.pairs(),
                                            all.getItem1(),
                                            all.getItem2(),
                                            all.getItem3()
                                                    .map(td -> td.forPairs(i.pairs()))
                                                    .orElse(null)),
                                    i.index()))
                            .merge(64)
                            .onItem()
                            .ignoreAsUni())
                    .chain(() -> runs.published(runId));
        });
    }

    private Uni<Void> finishIfDone(long runId) {
        return runs.anyPending(runId)
                .chain(left -> left
                        ? Uni.createFrom().voidItem()
                        : runs.finishIfComplete(runId).replaceWithVoid());
    }

    /**
     * Top-down pooling's first pass, on the replica that publishes: sum every pair of the run into its totals
     * (product and/or store), then forecast each total with the run's engine on the fitting pool; the items carry
     * the totals of their pairs. A total whose fit fails is left out (its pairs keep their own forecast).
     */
    private Uni<TopDown> totals(long runId, LocalDate asOf, TopDown pooling) {
        long started = System.nanoTime();
        TopDown.Summer summer = new TopDown.Summer(pooling, asOf);
        int size = Math.max(1, config.runs().pairsPerItem());
        return runs.all(runId)
                .chain(all -> {
                    List<List<SeriesKey>> chunks = new ArrayList<>();
                    for (int from = 0; from < all.size(); from += 4 * size) {
                        chunks.add(all.subList(from, Math.min(all.size(), from + 4 * size)));
                    }
                    // One chunk at a time: the summer is fed in order, on this pipeline only.
                    return Multi.createFrom()
                            .iterable(chunks)
                            .onItem()
                            .transformToUniAndConcatenate(chunk -> series.series(chunk, asOf)
                                    .invoke(loaded -> loaded.values().forEach(summer::add)))
                            .onItem()
                            .ignoreAsUni();
                })
                .chain(() -> {
                    Map<String, TopDown.Total> totals = new ConcurrentHashMap<>();
                    List<Uni<Void>> fits = new ArrayList<>();
                    for (DailySeries total : summer.series()) {
                        fits.add(Uni.createFrom()
                                .<Void>item(() -> {
                                    if (total.days() >= config.minHistoryDays()) {
                                        totals.put(total.key().productId(), forecaster.total(total, pooling));
                                    }
                                    return null;
                                })
                                .runSubscriptionOn(pool.executor())
                                .onFailure()
                                .invoke(e -> LOG.warnf(
                                        "Forecast run %d: the total %s could not be forecast (its pairs keep their "
                                                + "own forecast): %s",
                                        runId, total.key().productId(), e.toString()))
                                .onFailure()
                                .recoverWithNull());
                    }
                    return (fits.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : Uni.join().all(fits).andFailFast().replaceWithVoid())
                            .map(ignored -> {
                                LOG.infof(
                                        "Forecast run %d: %d totals forecast for %s in %d ms",
                                        runId,
                                        totals.size(),
                                        pooling.describe(),
                                        (System.nanoTime() - started) / 1_000_000);
                                return new TopDown(
                                        pooling.level(),
                                        pooling.weight(),
                                        pooling.shareDays(),
                                        pooling.byWeekday(),
                                        Map.copyOf(totals));
                            });
                });
    }

    /**
     * Pooling's first pass, on the replica that publishes: fit every pair of the run on its own and average the
     * seasonal shapes; the items carry the means to every replica.
     */
    private Uni<PooledShapes> firstPass(long runId, LocalDate asOf) {
        PooledShapes.Accumulator acc = new PooledShapes.Accumulator();
        int size = Math.max(1, config.runs().pairsPerItem());
        return runs.all(runId).chain(all -> {
            List<List<SeriesKey>> chunks = new ArrayList<>();
            for (int from = 0; from < all.size(); from += size) {
                chunks.add(all.subList(from, Math.min(all.size(), from + size)));
            }
            return Multi.createFrom()
                    .iterable(chunks)
                    .onItem()
                    .transformToUni(chunk -> series.series(chunk, asOf).chain(loaded -> {
                        List<Uni<Void>> fits = new ArrayList<>();
                        for (DailySeries s : loaded.values()) {
                            fits.add(Uni.createFrom()
                                    .<Void>item(() -> {
                                        if (s.days() >= config.minHistoryDays()) {
                                            forecaster.firstPass(s, acc);
                                        }
                                        return null;
                                    })
                                    .runSubscriptionOn(pool.executor())
                                    .onFailure()
                                    .recoverWithNull());
                        }
                        return Uni.join().all(fits).andFailFast().replaceWithVoid();
                    }))
                    .merge(2)
                    .onItem()
                    .ignoreAsUni()
                    .map(ignored -> acc.means());
        });
    }
}
