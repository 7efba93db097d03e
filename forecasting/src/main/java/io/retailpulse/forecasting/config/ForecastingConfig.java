package io.retailpulse.forecasting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Forecast runs and the ad-hoc endpoint ({@code pulse.forecasting.*}); defaults are documented in the README. */
@ConfigMapping(prefix = "pulse.forecasting")
public interface ForecastingConfig {
    /** Days forecast per store-product in a run. */
    @WithDefault("30")
    int horizonDays();

    /** Width of the forecast intervals (0.8 = 10th to 90th percentile). */
    @WithDefault("0.8")
    double intervalWidth();

    /** Monte-Carlo samples behind each interval. */
    @WithDefault("1000")
    int uncertaintySamples();

    /** Threads fitting models (never the event loop). */
    @WithDefault("2")
    int workers();

    /** Days held out at the end of each series for the backtest against seasonal naive (0: no backtest). */
    @WithDefault("28")
    int backtestDays();

    /** Series with fewer days (first sale to the run's last day) are skipped. */
    @WithDefault("14")
    int minHistoryDays();

    /** Model settings of the runs. */
    Model model();

    /** Daily schedule. */
    Schedule schedule();

    /** How runs are spread over the replicas and which engine they use. */
    Runs runs();

    interface Model {
        /** none or log1p (log1p suits daily unit counts: see forecasting/README.md). */
        @WithDefault("log1p")
        String transform();

        @WithDefault("0.01")
        double changepointPriorScale();

        /** Fourier order of the yearly seasonality when the history spans two years (-1: Prophet's auto, 10). */
        @WithDefault("20")
        int yearlyOrder();

        /** additive or multiplicative. */
        @WithDefault("additive")
        String seasonalityMode();

        /**
         * Partial pooling of seasonal shapes across all store-products of a run (two passes): the prior scale
         * pulling each series' yearly and weekly coefficients toward the run's mean. Empty: no pooling.
         */
        java.util.OptionalDouble pooledPriorScale();

        /** A built-in holiday calendar (US, GB, DE, FR) for every run's models; empty for none. */
        Optional<String> countryHolidays();
    }

    interface Runs {
        /**
         * The engine of forecast runs: {@code prophet} (the Prophet-like model with the settings of
         * {@code pulse.forecasting.model.*}, the default: its store-item accuracy is the better one, see the README),
         * or one of the ad-hoc endpoint's families: {@code auto}, {@code ets}, {@code theta}, {@code snaive},
         * {@code ensemble}.
         */
        @WithDefault("prophet")
        String model();

        /** Store-products per work item on forecasting.work: one series load and one write per item. */
        @WithDefault("16")
        int pairsPerItem();

        /**
         * Consumers of forecasting.work per replica (the channel's concurrency): while one item loads or writes,
         * the others keep the fitting threads busy. Each takes partitions of its own.
         */
        @WithDefault("3")
        int consumers();

        /** How long an item is retried while MySQL is unreachable before it goes to forecasting.work.dlq. */
        @WithDefault("PT4M")
        java.time.Duration retryWindow();

        /**
         * A RUNNING run with no pair finished for this long no longer blocks a new run (it is marked FAILED when
         * the next one starts): its work items were lost (dead-lettered) or its replicas are gone for good.
         */
        @WithDefault("PT30M")
        java.time.Duration staleAfter();

        /** The name this replica records on the pairs it finishes; default {@code <hostname>-<pid>}. */
        Optional<String> workerId();

        /** Pooling across store-products (hierarchical forecasts); off by default. */
        Pooling pooling();
    }

    /**
     * Top-down pooling of a run ({@code pulse.forecasting.runs.pooling.*}): the run's engine also forecasts each
     * product's total across stores (and/or each store's total across products), splits it by the pair's share of
     * that total over the last {@code share-days} (optionally per weekday), and the stored forecast is
     * {@code (1 - weight) * own + weight * top-down}. The defaults are the best of the settings measured on Store Item
     * Demand (forecasting/README.md, "Pooled runs (top-down)").
     */
    interface Pooling {
        /** {@code none} (each pair alone) or {@code top-down}. */
        @WithDefault("none")
        String mode();

        /** Which totals: {@code product} (across stores), {@code store} (across products) or {@code both}. */
        @WithDefault("both")
        String level();

        /** Weight of the top-down forecast in the combination with the pair's own (0: own only, 1: top-down only). */
        @WithDefault("0.75")
        double weight();

        /** Days before the forecast origin over which the pair's share of the total is measured. */
        @WithDefault("728")
        int shareDays();

        /** Shares per weekday (a store that sells more on Saturdays gets more of a Saturday's total). */
        @WithDefault("false")
        boolean byWeekday();
    }

    interface Schedule {
        /** Quartz cron of the daily run; {@code off} disables it. */
        @WithDefault("0 30 2 * * ?")
        String cron();
    }
}
