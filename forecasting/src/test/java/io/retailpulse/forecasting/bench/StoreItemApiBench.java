package io.retailpulse.forecasting.bench;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailpulse.forecasting.model.Metrics;
import io.retailpulse.forecasting.model.SharedData;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (the name matches neither *Test nor *IT): issue 17's Store Item Demand target through the
 * ad-hoc endpoint as a user calls it. For each of the 500 store-item series, one {@code POST /api/v1/forecast} with
 * the history up to 2017-10-02 and default settings (no {@code model}, no {@code intervalWidth}: auto, 80 %), horizon
 * 90, one series at a time; the answers are scored against the last 90 days of 2017 (SMAPE, MASE against the
 * in-sample weekly seasonal naive, coverage of the 80 % interval), and a second call per series with
 * {@code intervalWidth} 0.95 scores the 95 % interval ({@code -Dbench.cov95=false} skips it). Prints the figures and
 * the milliseconds per call. Run: {@code forecasting/bench/run.sh StoreItemApiBench}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class StoreItemApiBench {
    private static final Logger LOG = Logger.getLogger(StoreItemApiBench.class);
    static final LocalDate ORIGIN = LocalDate.of(2013, 1, 1);
    static final int HOLD_OUT = 90;

    @Test
    void forecastsEveryStoreItemSeriesThroughTheEndpoint() {
        Map<String, double[]> data = SharedData.storeItemDemand();
        int limit = Integer.getInteger("bench.series", data.size());
        boolean cov95 = Boolean.parseBoolean(System.getProperty("bench.cov95", "true"));
        double smape = 0;
        double mase = 0;
        double c80 = 0;
        double c95 = 0;
        long nanos = 0;
        int calls = 0;
        int k = 0;
        Map<String, Integer> used = new TreeMap<>();
        for (Map.Entry<String, double[]> e : data.entrySet()) {
            if (k >= limit) {
                break;
            }
            double[] all = e.getValue();
            int n = all.length - HOLD_OUT;
            double[] train = Arrays.copyOf(all, n);
            double[] actual = Arrays.copyOfRange(all, n, all.length);
            String body = body(train, null);
            long t = System.nanoTime();
            JsonPath answer = post(body);
            nanos += System.nanoTime() - t;
            calls++;
            double[][] f = rows(answer);
            Metrics m = Metrics.of(actual, f[0], f[1], f[2], train, 7);
            smape += m.smape();
            mase += m.mase();
            c80 += m.coverage();
            used.merge(answer.getString("used"), 1, Integer::sum);
            if (cov95) {
                t = System.nanoTime();
                double[][] wide = rows(post(body(train, 0.95)));
                nanos += System.nanoTime() - t;
                calls++;
                c95 += Metrics.of(actual, wide[0], wide[1], wide[2], train, 7).coverage();
            }
            k++;
            if (k % 50 == 0) {
                LOG.infof("%d series: SMAPE %.3f so far", k, smape / k);
            }
        }
        String report = String.format(
                Locale.ROOT,
                "Store Item Demand through POST /api/v1/forecast (defaults, horizon %d, history to %s), %d series, %d"
                        + " calls: SMAPE %.2f, MASE %.3f, cov80 %.3f, cov95 %s, %.1f ms per call; used %s",
                HOLD_OUT,
                ORIGIN.plusDays(1826 - HOLD_OUT - 1),
                k,
                calls,
                smape / k,
                mase / k,
                c80 / k,
                cov95 ? String.format(Locale.ROOT, "%.3f", c95 / k) : "-",
                nanos / 1e6 / calls,
                used);
        LOG.info(report);
        System.out.println(report);
    }

    private static JsonPath post(String body) {
        return given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/forecast")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The request a user would send: the series and the horizon; the interval width only when asked. */
    private static String body(double[] train, Double width) {
        StringBuilder b = new StringBuilder(train.length * 32);
        b.append("{\"horizon\":").append(HOLD_OUT);
        if (width != null) {
            b.append(",\"intervalWidth\":").append(width);
        }
        b.append(",\"series\":[");
        for (int i = 0; i < train.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"ds\":\"")
                    .append(ORIGIN.plusDays(i))
                    .append("\",\"y\":")
                    .append((long) train[i])
                    .append('}');
        }
        return b.append("]}").toString();
    }

    private static double[][] rows(JsonPath answer) {
        List<Map<String, Object>> rows = answer.getList("forecast");
        double[][] out = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = ((Number) rows.get(i).get("yhat")).doubleValue();
            out[1][i] = ((Number) rows.get(i).get("yhat_lower")).doubleValue();
            out[2][i] = ((Number) rows.get(i).get("yhat_upper")).doubleValue();
        }
        return out;
    }
}
