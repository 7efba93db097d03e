package io.retailpulse.forecasting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * The regressors of every forecast run that names none ({@code pulse.forecasting.runs.regressors.<name>.*}): the
 * cron's runs, and {@code POST /api/v1/forecast-runs} without {@code regressors}; a run request may also name them
 * alone ({@code {"name":"<name>"}}). Default: none. A mapping of its own beside {@link ForecastingConfig}, so the
 * implementations of {@code ForecastingConfig.Runs} in tests and benches need nothing new.
 */
@ConfigMapping(prefix = "pulse.forecasting.runs")
public interface RunRegressorsConfig {
    Map<String, Regressor> regressors();

    /** A configured regressor: the fields of a run request's regressor (forecasting/README.md). */
    interface Regressor {
        /** signal, sentiment, negative_share or complaints. */
        String source();

        /** Days the sales react after the regressor. */
        @WithDefault("0")
        int lag();

        /** forecast or hold: how days without a known value are filled. */
        @WithDefault("forecast")
        String future();

        /** product, store or pair: which of the forecast pair's ids the text sources read (default product). */
        Optional<String> scope();

        Optional<String> product();

        Optional<String> store();

        /** complaints only: alerts of this complaint topic. */
        Optional<String> reason();
    }
}
