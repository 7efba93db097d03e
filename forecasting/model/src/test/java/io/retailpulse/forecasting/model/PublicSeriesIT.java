package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Arrays;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Public monthly series the model was never tuned on (Prophet's air passengers and US retail sales examples):
 * the last 24 months held out, scored beside seasonal naive (same month last year).
 */
class PublicSeriesIT {
    private static final Logger LOG = Logger.getLogger(PublicSeriesIT.class);
    private static final int HOLDOUT = 24;

    private static Metrics[] evaluate(String file, ModelOptions options) {
        Frame all = SharedData.readDsY(SharedData.prophetExamples(file));
        int train = all.size() - HOLDOUT;
        Frame history = all.slice(0, train);
        FittedModel m = new Prophet(options).fit(history);
        Forecast f = m.predict(m.makeFutureFrame(HOLDOUT, new LocalDateTime[0], false));
        double[] y = all.y();
        double[] actual = Arrays.copyOfRange(y, train, y.length);
        double[] training = Arrays.copyOf(y, train);
        for (int i = 0; i < HOLDOUT; i++) {
            assertTrue(f.ds()[i].equals(all.ds(train + i)), "monthly future frame on the data's dates");
        }
        double[] naive = new double[HOLDOUT];
        for (int i = 0; i < HOLDOUT; i++) {
            naive[i] = y[train - 12 + (i % 12)];
        }
        return new Metrics[] {
            Metrics.of(actual, f.yhat(), f.yhatLower(), f.yhatUpper(), training, 12),
            Metrics.of(actual, naive, null, null, training, 12)
        };
    }

    private static void report(String name, Metrics[] m) {
        LOG.infof(
                "%s, last %d months: model MAPE %.4f SMAPE %.2f MASE %.3f R2 %.3f 80%% coverage %.2f; "
                        + "seasonal naive MAPE %.4f SMAPE %.2f MASE %.3f",
                name,
                HOLDOUT,
                m[0].mape(),
                m[0].smape(),
                m[0].mase(),
                m[0].r2(),
                m[0].coverage(),
                m[1].mape(),
                m[1].smape(),
                m[1].mase());
    }

    @Test
    void airPassengersWithMultiplicativeSeasonalityBeatsSeasonalNaive() {
        Metrics[] m = evaluate(
                "example_air_passengers.csv",
                ModelOptions.builder().seasonalityMode(Mode.MULTIPLICATIVE).build());
        report("air passengers (multiplicative)", m);
        assertTrue(m[0].mape() < m[1].mape());
        assertTrue(m[0].r2() > 0.8);
    }

    @Test
    void usRetailSalesWithDefaultsBeatsSeasonalNaive() {
        Metrics[] m = evaluate("example_retail_sales.csv", ModelOptions.defaults());
        report("US retail sales (defaults)", m);
        assertTrue(m[0].mape() < m[1].mape());
    }
}
