package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.signals.RegressorValues;
import io.retailpulse.forecasting.signals.SignalSpec;
import java.util.List;
import java.util.Locale;

/**
 * A regressor of a forecast run: the ad-hoc endpoint's regressor by reference ({@code name, source, lag, future,
 * product, store, reason}, see forecasting/README.md) plus {@code scope}, which of the forecast pair's ids the text
 * sources read ({@link SignalSpec}): {@code product} (default), {@code store} or {@code pair}. Inline values have no
 * place in a run (one series per pair). In the run request, in {@code pulse.forecasting.runs.regressors.<name>.*},
 * on every work item and in {@code forecast_run.regressors} (JSON), so every replica fits the same way.
 *
 * @param lag days the sales react after the regressor (0–1000)
 * @param future {@code forecast} (default) or {@code hold}: how days without a known value are filled
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRegressor(
        String name,
        String source,
        Integer lag,
        String future,
        String scope,
        String product,
        String store,
        String reason) {
    static final List<String> SCOPES = List.of(SignalSpec.PRODUCT, SignalSpec.STORE, SignalSpec.PAIR);
    static final int MAX_NAME = 64;

    /** Only a name: one of the configured regressors, by name. */
    boolean nameOnly() {
        return source == null
                && lag == null
                && future == null
                && scope == null
                && product == null
                && store == null
                && reason == null;
    }

    /**
     * Checked and normalised (lower-case source, scope and future; lag 0 when absent, scope {@code product} for the
     * text sources, none for signals); a 400 problem naming the regressor otherwise.
     */
    RunRegressor checked() {
        if (name == null || name.isBlank()) {
            throw bad("every regressor of a run needs a name");
        }
        if (name.length() > MAX_NAME) {
            throw bad("regressor name '" + name + "' is longer than " + MAX_NAME + " characters");
        }
        if (source == null || source.isBlank()) {
            throw bad("regressor " + name + ": source is missing (one of " + String.join(", ", RegressorValues.SOURCES)
                    + ")");
        }
        String src = source.trim().toLowerCase(Locale.ROOT);
        if (!RegressorValues.SOURCES.contains(src)) {
            throw bad("regressor " + name + ": source '" + source + "' is not one of "
                    + String.join(", ", RegressorValues.SOURCES) + " (a run reads its regressors by reference)");
        }
        int l = lag == null ? 0 : lag;
        String lagProblem = RegressorValues.badLag(name, l);
        if (lagProblem != null) {
            throw bad(lagProblem + " (days)");
        }
        String f;
        try {
            f = RegressorValues.fill(name, future).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        String sc = null;
        if (!src.equals("signal")) {
            sc = scope == null ? SignalSpec.PRODUCT : scope.trim().toLowerCase(Locale.ROOT);
            if (!SCOPES.contains(sc)) {
                throw bad("regressor " + name + ": scope must be one of " + String.join(", ", SCOPES) + ", not '"
                        + scope + "'");
            }
        } else if (scope != null || product != null || store != null || reason != null) {
            throw bad("regressor " + name + ": a signal is read by its name; scope, product, store and reason are for "
                    + "sentiment, negative_share and complaints");
        }
        if (reason != null && !src.equals("complaints")) {
            throw bad("regressor " + name + ": reason is for complaints only");
        }
        return new RunRegressor(name.trim(), src, l, f, sc, blankToNull(product), blankToNull(store), reason);
    }

    SignalSpec signal() {
        return new SignalSpec(name, source, scope, product, store, reason);
    }

    int lagDays() {
        return lag == null ? 0 : lag;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ProblemException bad(String reason) {
        return ProblemException.badRequest(reason);
    }
}
