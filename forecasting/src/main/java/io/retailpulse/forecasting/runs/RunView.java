package io.retailpulse.forecasting.runs;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run over REST: status (RUNNING, SUCCEEDED, FAILED), progress (done of total store-products, of which
 * skipped for too little history or failed) and the backtest means of the model beside seasonal naive. Since runs
 * spread over the replicas: the run's engine ({@code model}), the pairs each replica finished ({@code replicas})
 * and how many forecasts each model made ({@code models}: {@code prophet}, or what {@code auto} chose). A run
 * ends SUCCEEDED also when some pairs FAILED ({@code failed}; the first ones with their reasons in
 * {@code failures}): one bad series or work item does not hold up the others. Since runs store their
 * candidates' backtest errors: {@code modelChoice}, how many pairs each model won and each candidate's mean error
 * (null for runs without candidates). {@code pooling}: {@code none} (each pair alone) or the run's top-down
 * settings, e.g. {@code top-down(level=product, weight=0.5, share-days=364, by weekday)} ({@link TopDown}).
 */
@io.quarkus.runtime.annotations.RegisterForReflection(
        targets = {
            RunView.class,
            RunView.Metrics.class,
            RunView.Model.class,
            RunView.Naive.class,
            RunView.Replica.class,
            RunView.Failure.class,
            RunView.ModelChoice.class,
            RunView.CandidateError.class
        })
public record RunView(
        long runId,
        String status,
        String trigger,
        int horizonDays,
        LocalDate asOf,
        int done,
        int total,
        int skipped,
        int failed,
        LocalDateTime startedAt,
        LocalDateTime finishedAt,
        String error,
        Metrics metrics,
        String model,
        List<Replica> replicas,
        Map<String, Integer> models,
        List<Failure> failures,
        ModelChoice modelChoice,
        String pooling) {

    /**
     * The run's model choice: {@code pairs} with candidate errors, {@code wins} (pairs per model the run used, as
     * {@code models}) and per candidate its mean error over those pairs.
     */
    public record ModelChoice(int pairs, Map<String, Integer> wins, List<CandidateError> candidates) {}

    /**
     * One candidate over a run: {@code backtest} {@code cross-validation} (auto) or {@code holdout} (a fixed model
     * beside seasonal naive); the mean MASE and sMAPE (percent; null where not computed) over its {@code pairs};
     * {@code chosen}: pairs whose stored forecast is this candidate's; {@code lowest}: pairs where it had the
     * lowest MASE of the single candidates (null for auto's combination).
     */
    public record CandidateError(
            String candidate,
            String backtest,
            int pairs,
            Double meanMase,
            Double meanSmape,
            int chosen,
            Integer lowest) {
        static final java.util.Comparator<CandidateError> BY_MASE = java.util.Comparator.comparing(
                        CandidateError::meanMase, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                .thenComparing(CandidateError::candidate);
    }

    /** How many failed pairs a run's answer lists with their reasons (the count is in {@code failed}). */
    static final int FAILURES_SHOWN = 20;

    /** Means over the backtested store-products (SMAPE in percent). */
    public record Metrics(int backtested, Model model, Naive seasonalNaive) {}

    public record Model(Double mae, Double rmse, Double smape, Double mase, Double r2, Double coverage) {}

    public record Naive(Double mae, Double rmse, Double smape, Double mase) {}

    /** A store-product the run could not forecast, and why (the fit's error, or its work item's). */
    public record Failure(String storeId, String productId, String reason) {}

    /** The pairs one replica ({@code <hostname>-<pid>}) finished. */
    public record Replica(String worker, int done, int skipped, int failed) {}

    static RunView of(ForecastRunRepository.Run r) {
        return of(r, List.of());
    }

    /** Live counts from the pairs' completions while they exist (runs before V5 have only the stored counters). */
    static RunView of(ForecastRunRepository.Run r, List<ForecastRunRepository.Progress> progress) {
        return of(r, progress, List.of(), null);
    }

    /**
     * With the first {@link #FAILURES_SHOWN} failed pairs and their reasons, and the candidates' errors
     * ({@link CandidateRepository}; a summary of no pair gives no model choice).
     */
    static RunView of(
            ForecastRunRepository.Run r,
            List<ForecastRunRepository.Progress> progress,
            List<ForecastRunRepository.Failure> failedPairs,
            CandidateRepository.Summary candidates) {
        RunMetrics.Summary m = r.metrics();
        int done = r.done();
        int skipped = r.skipped();
        int failed = r.failed();
        Map<String, int[]> perWorker = new TreeMap<>();
        Map<String, Integer> models = new TreeMap<>();
        if (!progress.isEmpty()) {
            done = 0;
            skipped = 0;
            failed = 0;
            for (ForecastRunRepository.Progress p : progress) {
                int[] w = perWorker.computeIfAbsent(String.valueOf(p.worker()), k -> new int[3]);
                w[0] += p.pairs();
                done += p.pairs();
                if ("SKIPPED".equals(p.outcome())) {
                    w[1] += p.pairs();
                    skipped += p.pairs();
                } else if ("FAILED".equals(p.outcome())) {
                    w[2] += p.pairs();
                    failed += p.pairs();
                }
                if (p.model() != null) {
                    models.merge(p.model(), p.pairs(), Integer::sum);
                }
            }
        }
        List<Replica> replicas = new ArrayList<>();
        perWorker.forEach((worker, c) -> replicas.add(new Replica(worker, c[0], c[1], c[2])));
        return new RunView(
                r.runId(),
                r.status(),
                r.trigger(),
                r.horizonDays(),
                r.asOf(),
                done,
                r.total(),
                skipped,
                failed,
                r.startedAt(),
                r.finishedAt(),
                r.error(),
                new Metrics(
                        m.backtested(),
                        new Model(
                                m.modelMae(),
                                m.modelRmse(),
                                m.modelSmape(),
                                m.modelMase(),
                                m.modelR2(),
                                m.modelCoverage()),
                        new Naive(m.naiveMae(), m.naiveRmse(), m.naiveSmape(), m.naiveMase())),
                r.model(),
                replicas,
                models,
                failedPairs.stream()
                        .map(f -> new Failure(f.storeId(), f.productId(), f.reason()))
                        .toList(),
                candidates == null || candidates.pairs() == 0
                        ? null
                        : new ModelChoice(candidates.pairs(), models, candidates.candidates()),
                r.pooling() == null ? "none" : r.pooling());
    }
}
