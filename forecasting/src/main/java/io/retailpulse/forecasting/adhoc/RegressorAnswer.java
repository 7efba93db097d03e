package io.retailpulse.forecasting.adhoc;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the answer says about one regressor: where its values came from, how its future was filled, and whether it
 * helps: the rolling-origin backtest error (mean MASE over the folds, as auto's) of the same model with this
 * regressor alone and without any.
 *
 * @param future      {@code known} when every future step had a value (given or through the lag), else the fill
 *                    ({@code forecast} or {@code hold}) of the steps past {@code knownSteps}
 * @param coefficient effect per unit in the series' units (statistical families; 0 = not significant, dropped)
 * @param used        whether the forecast uses it (auto keeps the regressors of the lowest backtest error)
 * @param helps       backtest error with it below the error without
 */
// Serialised inside a List of the response: registered for native images explicitly.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegressorAnswer(
        String name,
        String source,
        int lag,
        String future,
        int knownSteps,
        Double coefficient,
        Double backtestWith,
        Double backtestWithout,
        Boolean helps,
        boolean used) {}
