package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Parity with Prophet's printed outputs on its own examples (prophet-examples/SOURCE.txt): same defaults,
 * same data, same future frame.
 */
class ProphetParityIT {
    private static final Logger LOG = Logger.getLogger(ProphetParityIT.class);

    private static Frame peyton() {
        return SharedData.readDsY(SharedData.prophetExamples("example_wp_log_peyton_manning.csv"));
    }

    @Test
    void peytonManningDefaultsForecastWithinOnePercentOfProphet() {
        Frame df = peyton();
        FittedModel m = new Prophet().fit(df);
        Forecast f = m.predict(m.makeFutureFrame(365, df.ds(), true));
        int i = f.indexOf(LocalDateTime.of(2017, 1, 15, 0, 0));
        LOG.infof(
                "Peyton Manning 2017-01-15: yhat %.6f [%.4f, %.4f] (Prophet 8.212625 [7.456310, 8.959726])",
                f.yhat()[i], f.yhatLower()[i], f.yhatUpper()[i]);
        assertEquals(8.212625, f.yhat()[i], 0.01 * 8.212625);
        assertEquals(8.537635, f.yhat()[i + 1], 0.01 * 8.537635);
        // Sampled bounds: a looser check, as SOURCE.txt advises.
        assertEquals(7.456310, f.yhatLower()[i], 0.1);
        assertEquals(8.959726, f.yhatUpper()[i], 0.15);
    }

    @Test
    void playoffAndSuperbowlEffectsWithinTenPercentOfProphet() {
        List<Holiday> hs = new ArrayList<>();
        for (String d : new String[] {
            "2008-01-13",
            "2009-01-03",
            "2010-01-16",
            "2010-01-24",
            "2010-02-07",
            "2011-01-08",
            "2013-01-12",
            "2014-01-12",
            "2014-01-19",
            "2014-02-02",
            "2015-01-11",
            "2016-01-17",
            "2016-01-24",
            "2016-02-07"
        }) {
            hs.add(new Holiday("playoff", LocalDate.parse(d), 0, 1, null));
        }
        for (String d : new String[] {"2010-02-07", "2014-02-02", "2016-02-07"}) {
            hs.add(new Holiday("superbowl", LocalDate.parse(d), 0, 1, null));
        }
        Frame df = peyton();
        FittedModel m = new Prophet(ModelOptions.builder().holidays(hs).build()).fit(df);
        Forecast f = m.predict(m.makeFutureFrame(365, df.ds(), true));
        int i = f.indexOf(LocalDateTime.of(2014, 2, 2, 0, 0));
        double[] playoff = f.component("playoff");
        double[] superbowl = f.component("superbowl");
        LOG.infof(
                "holiday effects: playoff %.6f / %.6f (Prophet 1.223965 / 1.901742), superbowl %.6f / %.6f "
                        + "(Prophet 1.201517 / 1.460471)",
                playoff[i], playoff[i + 1], superbowl[i], superbowl[i + 1]);
        assertEquals(1.223965, playoff[i], 0.1 * 1.223965);
        assertEquals(1.901742, playoff[i + 1], 0.1 * 1.901742);
        assertEquals(1.201517, superbowl[i], 0.1 * 1.201517);
        assertEquals(1.460471, superbowl[i + 1], 0.1 * 1.460471);
        int future = f.indexOf(LocalDateTime.of(2016, 2, 8, 0, 0));
        assertEquals(playoff[i + 1], playoff[future], 1e-12, "the same effect on a future occurrence");
    }

    @Test
    void crossValidationMapeAtThirtySevenDaysMatchesProphet() {
        Frame df = peyton();
        FittedModel m = new Prophet().fit(df);
        List<CrossValidation.Row> cv =
                CrossValidation.run(m, df, Duration.ofDays(730), Duration.ofDays(180), Duration.ofDays(365));
        PerformanceMetrics.Row at37 = PerformanceMetrics.at(PerformanceMetrics.compute(cv, 0.1), Duration.ofDays(37));
        LOG.infof(
                "cross-validation at 37 days: mape %.6f rmse %.6f mae %.6f smape %.6f coverage %.4f "
                        + "(Prophet mape 0.058376 rmse 0.702395 mae 0.503977 smape 0.058677 coverage 0.676565)",
                at37.mape(), at37.rmse(), at37.mae(), at37.smape(), at37.coverage());
        assertTrue(at37.mape() <= 0.0584, "MAPE at 37 days " + at37.mape());
        assertEquals(0.676565, at37.coverage(), 0.05);
    }
}
