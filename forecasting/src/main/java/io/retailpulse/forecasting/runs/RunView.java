package io.retailpulse.forecasting.runs;


import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A run over REST: status (RUNNING, SUCCEEDED, FAILED), progress (done of total store-products, of which
 * skipped for too little history or failed) and the backtest means of the model beside seasonal naive.
 */
public record RunView(long runId, String status, String trigger, int horizonDays, LocalDate asOf, int done, int total,
        int skipped, int failed, LocalDateTime startedAt, LocalDateTime finishedAt, String error, Metrics metrics) {

    /** Means over the backtested store-products (SMAPE in percent). */
    public record Metrics(int backtested, Model model, Naive seasonalNaive) {
    }

    public record Model(Double mae, Double rmse, Double smape, Double mase, Double r2, Double coverage) {
    }

    public record Naive(Double mae, Double rmse, Double smape, Double mase) {
    }

    static RunView of(ForecastRunRepository.Run r) {
        RunMetrics.Summary m = r.metrics();
        return new RunView(r.runId(), r.status(), r.trigger(), r.horizonDays(), r.asOf(), r.done(), r.total(),
                r.skipped(), r.failed(), r.startedAt(), r.finishedAt(), r.error(), new Metrics(m.backtested(),
                        new Model(m.modelMae(), m.modelRmse(), m.modelSmape(), m.modelMase(), m.modelR2(),
                                m.modelCoverage()),
                        new Naive(m.naiveMae(), m.naiveRmse(), m.naiveSmape(), m.naiveMase())));
    }
}
