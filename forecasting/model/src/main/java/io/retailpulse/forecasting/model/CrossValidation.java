package io.retailpulse.forecasting.model;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Prophet's simulated historical forecasts: cutoffs every {@code period} from {@code initial} after the start
 * to {@code horizon} before the end; at each cutoff the model is refitted (same resolved options) on the data
 * up to it and predicts the rows in (cutoff, cutoff + horizon].
 */
public final class CrossValidation {
    /** One held-out prediction. */
    public record Row(
            LocalDateTime ds, LocalDateTime cutoff, double y, double yhat, double yhatLower, double yhatUpper) {
        public Duration horizon() {
            return Duration.between(cutoff, ds);
        }
    }

    private CrossValidation() {}

    public static List<Row> run(FittedModel model, Frame history, Duration initial, Duration period, Duration horizon) {
        List<LocalDateTime> cutoffs = cutoffs(history, initial, period, horizon);
        // Rows of each cutoff fold are independent; folds run in parallel and are joined in cutoff order.
        List<List<Row>> folds = cutoffs.parallelStream()
                .map(c -> fold(model.options(), history, c, horizon))
                .toList();
        List<Row> out = new ArrayList<>();
        folds.forEach(out::addAll);
        return out;
    }

    private static List<Row> fold(ModelOptions options, Frame history, LocalDateTime cutoff, Duration horizon) {
        int[] train = IntStream.range(0, history.size())
                .filter(i -> !history.ds(i).isAfter(cutoff))
                .toArray();
        LocalDateTime end = cutoff.plus(horizon);
        int[] test = IntStream.range(0, history.size())
                .filter(i -> history.ds(i).isAfter(cutoff) && !history.ds(i).isAfter(end))
                .toArray();
        ModelOptions foldOptions = options;
        if (options.changepoints() != null) {
            foldOptions = options.toBuilder()
                    .changepoints(options.changepoints().stream()
                            .filter(c -> c.isBefore(cutoff))
                            .toList())
                    .build();
        }
        FittedModel m = new Prophet(foldOptions).fit(history.rows(train));
        Frame future = history.rows(test);
        Forecast f = m.predict(future);
        double[] y = future.y();
        List<Row> rows = new ArrayList<>(test.length);
        for (int i = 0; i < test.length; i++) {
            rows.add(new Row(f.ds()[i], cutoff, y[i], f.yhat()[i], f.yhatLower()[i], f.yhatUpper()[i]));
        }
        return rows;
    }

    /** Prophet's generate_cutoffs. */
    static List<LocalDateTime> cutoffs(Frame df, Duration initial, Duration period, Duration horizon) {
        LocalDateTime min = df.ds(0);
        LocalDateTime max = df.ds(df.size() - 1);
        LocalDateTime cutoff = max.minus(horizon);
        if (cutoff.isBefore(min)) {
            throw new IllegalArgumentException("less data than horizon");
        }
        List<LocalDateTime> result = new ArrayList<>();
        result.add(cutoff);
        while (!result.get(result.size() - 1).isBefore(min.plus(initial))) {
            cutoff = cutoff.minus(period);
            if (!hasRows(df, cutoff, cutoff.plus(horizon))) {
                if (cutoff.isAfter(min)) {
                    LocalDateTime closest = null;
                    for (int i = 0; i < df.size() && !df.ds(i).isAfter(cutoff); i++) {
                        closest = df.ds(i);
                    }
                    cutoff = closest.minus(horizon);
                }
            }
            result.add(cutoff);
        }
        result.remove(result.size() - 1);
        if (result.isEmpty()) {
            throw new IllegalArgumentException("less data than initial window + horizon");
        }
        Collections.reverse(result);
        return result;
    }

    private static boolean hasRows(Frame df, LocalDateTime after, LocalDateTime upTo) {
        for (int i = 0; i < df.size(); i++) {
            if (df.ds(i).isAfter(after) && !df.ds(i).isAfter(upTo)) {
                return true;
            }
        }
        return false;
    }
}
