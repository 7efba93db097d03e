package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Store Item Demand, all 500 series, last 90 days of 2017 held out; SMAPE averaged over every held-out point.
 * Baselines in the same run: same weekday last year (364 days back) and seasonal naive (last week repeated).
 */
class StoreItemDemandIT {
    private static final Logger LOG = Logger.getLogger(StoreItemDemandIT.class);
    private static final int DAYS = 1826;
    private static final int HOLDOUT = 90;
    private static final int TRAIN = DAYS - HOLDOUT;

    private static List<double[]> series;
    private static List<LocalDate> trainDates;

    @BeforeAll
    static void load() {
        series = new ArrayList<>(SharedData.storeItemDemand().values());
        trainDates = new ArrayList<>();
        for (int d = 0; d < TRAIN; d++) {
            trainDates.add(SharedData.storeItemOrigin().plusDays(d));
        }
    }

    private static Frame train(double[] s) {
        return Frame.ofDates(trainDates, Arrays.copyOf(s, TRAIN));
    }

    /** Mean SMAPE (percent) and mean 80% coverage over all series. */
    private static double[] score(List<FittedModel> fits) {
        double smape = 0;
        double coverage = 0;
        for (int k = 0; k < series.size(); k++) {
            FittedModel m = fits.get(k);
            Forecast f = m.predict(m.makeFutureFrame(HOLDOUT, new LocalDateTime[0], false));
            double[] actual = Arrays.copyOfRange(series.get(k), TRAIN, DAYS);
            Metrics metrics = Metrics.of(actual, f.yhat(), f.yhatLower(), f.yhatUpper(), null, 7);
            smape += metrics.smape();
            coverage += metrics.coverage();
        }
        return new double[] {smape / series.size(), coverage / series.size()};
    }

    private static double baseline(int lag) {
        double smape = 0;
        for (double[] s : series) {
            double[] actual = Arrays.copyOfRange(s, TRAIN, DAYS);
            double[] naive = new double[HOLDOUT];
            for (int i = 0; i < HOLDOUT; i++) {
                int back = TRAIN + i - lag;
                while (back >= TRAIN) {
                    back -= lag;
                }
                naive[i] = s[back];
            }
            smape += Metrics.of(actual, naive, null, null, null, 7).smape();
        }
        return smape / series.size();
    }

    @Test
    void pooledRetailModelBeatsThirteenSmapeWithCalibratedIntervals() {
        long t0 = System.nanoTime();
        List<FittedModel> fits = PooledSeasonality.fitGroup(
                series,
                StoreItemDemandIT::train,
                ModelOptions.retailDaily().build(),
                List.of("yearly", "weekly"),
                0.001);
        double[] pooled = score(fits);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        double sameWeekdayLastYear = baseline(364);
        double seasonalNaive = baseline(7);
        LOG.infof(
                "store-item-demand 500 series, 90-day hold-out: pooled retail model SMAPE %.3f, 80%% coverage %.3f "
                        + "(%d ms, two passes); same weekday last year %.3f; seasonal naive %.3f",
                pooled[0], pooled[1], ms, sameWeekdayLastYear, seasonalNaive);
        assertTrue(pooled[0] <= 13.0, "SMAPE " + pooled[0]);
        assertTrue(pooled[1] >= 0.75 && pooled[1] <= 0.85, "coverage " + pooled[1]);
        assertTrue(pooled[0] < sameWeekdayLastYear && pooled[0] < seasonalNaive);
    }

    @Test
    void perSeriesModelsWithoutPoolingStayUnderThirteenSmape() {
        List<FittedModel> fits = series.parallelStream()
                .map(s -> new Prophet(ModelOptions.retailDaily().build()).fit(train(s)))
                .toList();
        double[] own = score(fits);
        List<FittedModel> defaults =
                series.parallelStream().map(s -> new Prophet().fit(train(s))).toList();
        double[] prophetDefaults = score(defaults);
        LOG.infof(
                "store-item-demand per series: retail options SMAPE %.3f coverage %.3f; Prophet defaults SMAPE "
                        + "%.3f coverage %.3f",
                own[0], own[1], prophetDefaults[0], prophetDefaults[1]);
        assertTrue(own[0] <= 13.0, "SMAPE " + own[0]);
        assertTrue(own[0] < prophetDefaults[0], "the retail options must earn their place");
    }
}
