package io.retailpulse.forecasting.model;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the model, with Prophet's defaults. Seasonality orders: {@link #AUTO} decides from the
 * history as Prophet does, 0 switches off, a positive number is the Fourier order.
 *
 * @param changepoints       manual changepoints (null: automatic)
 * @param pooledPriorMeans   optional prior means per seasonality name: its 2*order coefficients in component
 *                           units (y units when additive, relative when multiplicative), e.g. averaged over
 *                           related series by {@link PooledSeasonality}; shrinks a series' seasonal shape toward them
 * @param pooledPriorScale   prior scale (scaled units, like every prior scale) of the coefficients that have a
 *                           pooled prior mean: small values pull hard toward the pooled shape
 */
public record ModelOptions(
        Growth growth,
        List<LocalDateTime> changepoints,
        int nChangepoints,
        double changepointRange,
        double changepointPriorScale,
        int yearly,
        int weekly,
        int daily,
        Mode seasonalityMode,
        double seasonalityPriorScale,
        double holidaysPriorScale,
        Mode holidaysMode,
        List<Holiday> holidays,
        List<Seasonality> seasonalities,
        List<Regressor> regressors,
        double intervalWidth,
        int uncertaintySamples,
        long seed,
        Transform transform,
        Map<String, double[]> pooledPriorMeans,
        double pooledPriorScale) {

    public static final int AUTO = -1;

    public ModelOptions {
        if (nChangepoints < 0 || !(changepointRange > 0 && changepointRange <= 1) || !(changepointPriorScale > 0)) {
            throw new IllegalArgumentException("changepoints: n >= 0, range in (0, 1], prior scale > 0");
        }
        if (!(intervalWidth > 0 && intervalWidth < 1)) {
            throw new IllegalArgumentException("intervalWidth must be in (0, 1)");
        }
        if (uncertaintySamples < 0) {
            throw new IllegalArgumentException("uncertaintySamples must be >= 0");
        }
        holidays = List.copyOf(holidays);
        seasonalities = List.copyOf(seasonalities);
        regressors = List.copyOf(regressors);
        changepoints = changepoints == null ? null : List.copyOf(changepoints);
        pooledPriorMeans = Map.copyOf(pooledPriorMeans);
    }

    public static ModelOptions defaults() {
        return builder().build();
    }

    /**
     * Daily retail demand (counts with multiplicative weekday/season effects): log(1 + y), a stiffer trend
     * (changepoint prior 0.01) and yearly order 20 for month-to-month steps. Chosen by measurement on the
     * store-item-demand hold-out (forecasting/README.md); add {@link PooledSeasonality} to share the shapes.
     */
    public static Builder retailDaily() {
        return builder().transform(Transform.LOG1P).changepointPriorScale(0.01).yearly(20);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.growth = growth;
        b.changepoints = changepoints;
        b.nChangepoints = nChangepoints;
        b.changepointRange = changepointRange;
        b.changepointPriorScale = changepointPriorScale;
        b.yearly = yearly;
        b.weekly = weekly;
        b.daily = daily;
        b.seasonalityMode = seasonalityMode;
        b.seasonalityPriorScale = seasonalityPriorScale;
        b.holidaysPriorScale = holidaysPriorScale;
        b.holidaysMode = holidaysMode;
        b.holidays = new ArrayList<>(holidays);
        b.seasonalities = new ArrayList<>(seasonalities);
        b.regressors = new ArrayList<>(regressors);
        b.intervalWidth = intervalWidth;
        b.uncertaintySamples = uncertaintySamples;
        b.seed = seed;
        b.transform = transform;
        b.pooledPriorMeans = new HashMap<>(pooledPriorMeans);
        b.pooledPriorScale = pooledPriorScale;
        return b;
    }

    Mode effectiveHolidaysMode() {
        return holidaysMode != null ? holidaysMode : seasonalityMode;
    }

    /** Fluent builder; every field starts at Prophet's default. */
    public static final class Builder {
        private Growth growth = Growth.LINEAR;
        private List<LocalDateTime> changepoints;
        private int nChangepoints = 25;
        private double changepointRange = 0.8;
        private double changepointPriorScale = 0.05;
        private int yearly = AUTO;
        private int weekly = AUTO;
        private int daily = AUTO;
        private Mode seasonalityMode = Mode.ADDITIVE;
        private double seasonalityPriorScale = 10.0;
        private double holidaysPriorScale = 10.0;
        private Mode holidaysMode;
        private List<Holiday> holidays = new ArrayList<>();
        private List<Seasonality> seasonalities = new ArrayList<>();
        private List<Regressor> regressors = new ArrayList<>();
        private double intervalWidth = 0.8;
        private int uncertaintySamples = 1000;
        private long seed = 0;
        private Transform transform = Transform.NONE;
        private Map<String, double[]> pooledPriorMeans = new HashMap<>();
        private double pooledPriorScale = 0.05;

        public Builder growth(Growth v) {
            growth = v;
            return this;
        }

        public Builder changepoints(List<LocalDateTime> v) {
            changepoints = v;
            return this;
        }

        public Builder nChangepoints(int v) {
            nChangepoints = v;
            return this;
        }

        public Builder changepointRange(double v) {
            changepointRange = v;
            return this;
        }

        public Builder changepointPriorScale(double v) {
            changepointPriorScale = v;
            return this;
        }

        public Builder yearly(int order) {
            yearly = order;
            return this;
        }

        public Builder weekly(int order) {
            weekly = order;
            return this;
        }

        public Builder daily(int order) {
            daily = order;
            return this;
        }

        public Builder seasonalityMode(Mode v) {
            seasonalityMode = v;
            return this;
        }

        public Builder seasonalityPriorScale(double v) {
            seasonalityPriorScale = v;
            return this;
        }

        public Builder holidaysPriorScale(double v) {
            holidaysPriorScale = v;
            return this;
        }

        public Builder holidaysMode(Mode v) {
            holidaysMode = v;
            return this;
        }

        public Builder holidays(List<Holiday> v) {
            holidays = new ArrayList<>(v);
            return this;
        }

        public Builder addHolidays(List<Holiday> v) {
            holidays.addAll(v);
            return this;
        }

        public Builder addSeasonality(Seasonality v) {
            seasonalities.add(v);
            return this;
        }

        public Builder seasonalities(List<Seasonality> v) {
            seasonalities = new ArrayList<>(v);
            return this;
        }

        public Builder addRegressor(Regressor v) {
            regressors.add(v);
            return this;
        }

        public Builder intervalWidth(double v) {
            intervalWidth = v;
            return this;
        }

        public Builder uncertaintySamples(int v) {
            uncertaintySamples = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder transform(Transform v) {
            transform = v;
            return this;
        }

        public Builder pooledPriorMeans(Map<String, double[]> v) {
            pooledPriorMeans = new HashMap<>(v);
            return this;
        }

        public Builder pooledPriorScale(double v) {
            pooledPriorScale = v;
            return this;
        }

        public ModelOptions build() {
            return new ModelOptions(
                    growth,
                    changepoints,
                    nChangepoints,
                    changepointRange,
                    changepointPriorScale,
                    yearly,
                    weekly,
                    daily,
                    seasonalityMode,
                    seasonalityPriorScale,
                    holidaysPriorScale,
                    holidaysMode,
                    holidays,
                    seasonalities,
                    regressors,
                    intervalWidth,
                    uncertaintySamples,
                    seed,
                    transform,
                    pooledPriorMeans,
                    pooledPriorScale);
        }
    }
}
