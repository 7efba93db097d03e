package io.retailpulse.forecasting.bench;

import io.retailpulse.forecasting.model.FittedModel;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.Metrics;
import io.retailpulse.forecasting.model.Mode;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.PooledSeasonality;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.SharedData;
import io.retailpulse.forecasting.model.Transform;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The measurements behind the store-item options (forecasting/README.md): each argument is one configuration
 * {@code transform:mode:changepointPriorScale:yearlyOrder:pooledPriorScale} (pooled 0 = no pooling), scored on
 * all 500 series with the last 90 days of 2017 held out. Run: {@code forecasting/model/bench/run.sh StoreItemSweep
 * NONE:additive:0.05:10:0 LOG1P:additive:0.01:20:0.001}.
 */
public final class StoreItemSweep {
    private StoreItemSweep() {}

    public static void main(String[] args) {
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        Logger log = Logger.getLogger(StoreItemSweep.class);
        List<double[]> series = new ArrayList<>(SharedData.storeItemDemand().values());
        int train = series.get(0).length - 90;
        List<LocalDate> dates = new ArrayList<>();
        for (int d = 0; d < train; d++) {
            dates.add(SharedData.storeItemOrigin().plusDays(d));
        }
        for (String cfg : args) {
            String[] p = cfg.split(":");
            ModelOptions o = ModelOptions.builder()
                    .transform(Transform.valueOf(p[0]))
                    .seasonalityMode(Mode.valueOf(p[1].toUpperCase(java.util.Locale.ROOT)))
                    .changepointPriorScale(Double.parseDouble(p[2]))
                    .yearly(Integer.parseInt(p[3]))
                    .build();
            double pooled = Double.parseDouble(p[4]);
            long t0 = System.nanoTime();
            List<FittedModel> fits = pooled > 0
                    ? PooledSeasonality.fitGroup(
                            series,
                            s -> Frame.ofDates(dates, Arrays.copyOf(s, train)),
                            o,
                            List.of("yearly", "weekly"),
                            pooled)
                    : series.parallelStream()
                            .map(s -> new Prophet(o).fit(Frame.ofDates(dates, Arrays.copyOf(s, train))))
                            .toList();
            double smape = 0;
            double coverage = 0;
            for (int k = 0; k < series.size(); k++) {
                FittedModel m = fits.get(k);
                Forecast f = m.predict(m.makeFutureFrame(90, new LocalDateTime[0], false));
                Metrics mt = Metrics.of(
                        Arrays.copyOfRange(series.get(k), train, train + 90),
                        f.yhat(),
                        f.yhatLower(),
                        f.yhatUpper(),
                        null,
                        7);
                smape += mt.smape();
                coverage += mt.coverage();
            }
            log.infof(
                    "%s: SMAPE %.3f, 80%% coverage %.3f (%d ms)",
                    cfg, smape / series.size(), coverage / series.size(), (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
