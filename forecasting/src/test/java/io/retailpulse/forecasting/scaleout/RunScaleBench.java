package io.retailpulse.forecasting.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.config.ForecastingConfig;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.SharedData;
import io.retailpulse.forecasting.runs.ModelSettings;
import io.retailpulse.forecasting.runs.PairForecaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (neither *Test nor *IT): issue 18's benchmark. 10,000 store-item-like series (the 500
 * store-item series' last 730 days, replicated under 20 store ids: {@code -Dbench.copies}), one forecast run on one
 * replica of the packaged service, then one on two replicas; wall time per series beside the bare per-series work
 * (backtest fit, final fit and forecast with intervals, as a run does) and a bare Prophet fit, both measured in this
 * JVM in the same run, one thread. Run: {@code forecasting/bench/run.sh RunScaleBench}.
 */
class RunScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DAYS = 730;

    @Test
    void runWallTimePerSeriesOnOneAndTwoReplicasAgainstTheBareFit() throws Exception {
        int copies = Integer.getInteger("bench.copies", 20);
        Map<String, double[]> data = SharedData.storeItemDemand();
        LocalDate origin = SharedData.storeItemOrigin();
        int series = data.size() * copies;
        StringBuilder report = new StringBuilder();
        try (ServiceReplicas replicas = new ServiceReplicas(12, List.of())) {
            ServiceReplicas.Replica r1 = replicas.start("r1").get(0);
            long t0 = System.nanoTime();
            load(replicas, data, origin, copies);
            line(report, "loaded %d series x %d days in %d s", series, DAYS, (System.nanoTime() - t0) / 1_000_000_000);

            Bare bare = bare(data, origin);
            line(
                    report,
                    "bare, one thread, same JVM: per-series run work (backtest fit + final fit + 30-day forecast"
                            + " with 1000-draw intervals) %.2f ms; one Prophet fit %.2f ms",
                    bare.pairMs,
                    bare.fitMs);

            double one = run(r1, series, report, "1 replica ");
            replicas.start("r2");
            Thread.sleep(15_000); // the group rebalances over both replicas' consumers
            double two = run(r1, series, report, "2 replicas");
            int cores = Runtime.getRuntime().availableProcessors();
            line(
                    report,
                    "cores %d; ideal wall per series = bare per-series work / cores = %.2f ms",
                    cores,
                    bare.pairMs / cores);
            line(
                    report,
                    "run overhead: 1 replica %.2fx, 2 replicas %.2fx the ideal (load average %.1f at the end)",
                    one / (bare.pairMs / cores),
                    two / (bare.pairMs / cores),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
        System.out.println("\n=== RunScaleBench ===\n" + report);
        Files.writeString(Path.of("target", "run-scale-bench.txt"), report.toString());
    }

    private static double run(ServiceReplicas.Replica replica, int series, StringBuilder report, String label)
            throws Exception {
        long start = System.nanoTime();
        var started = ServiceReplicas.post(replica, "/api/v1/forecast-runs");
        assertEquals(202, started.statusCode(), started.body());
        long runId = JSON.readTree(started.body()).get("runId").asLong();
        JsonNode run;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        do {
            Thread.sleep(250);
            run = JSON.readTree(ServiceReplicas.get(replica, "/api/v1/forecast-runs/" + runId)
                    .body());
        } while ("RUNNING".equals(run.get("status").asText()) && System.nanoTime() < deadline);
        double wallMs = (System.nanoTime() - start) / 1e6;
        assertEquals("SUCCEEDED", run.get("status").asText(), run.toString());
        assertEquals(series, run.get("done").asInt(), run.toString());
        line(
                report,
                "%s: run %d over %d series in %.1f s = %.2f ms wall per series; per replica %s; smape %.3f",
                label,
                runId,
                series,
                wallMs / 1000,
                wallMs / series,
                run.get("replicas"),
                run.get("metrics").get("model").get("smape").asDouble());
        return wallMs / series;
    }

    private record Bare(double pairMs, double fitMs) {}

    /** The work of one pair, and one Prophet fit, with the service's default settings; warmed up first. */
    private static Bare bare(Map<String, double[]> data, LocalDate origin) {
        PairForecaster forecaster = new PairForecaster(new ModelSettings(defaults()));
        List<DailySeries> sample = new ArrayList<>();
        for (var e : data.entrySet()) {
            double[] v = e.getValue();
            double[] last = java.util.Arrays.copyOfRange(v, v.length - DAYS, v.length);
            sample.add(new DailySeries(new SeriesKey("S", e.getKey()), origin.plusDays(v.length - DAYS), last));
        }
        for (int i = 0; i < 60; i++) {
            forecaster.forecast(sample.get(i));
        }
        int n = 200;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            forecaster.forecast(sample.get(i));
        }
        double pairMs = (System.nanoTime() - t) / 1e6 / n;
        ModelSettings settings = new ModelSettings(defaults());
        long f = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DailySeries s = sample.get(i);
            new Prophet(settings.forSeries(s.first(), s.last())).fit(Frame.ofDates(s.dates(), s.units()));
        }
        return new Bare(pairMs, (System.nanoTime() - f) / 1e6 / n);
    }

    /** The 500 series' last 730 days as S&lt;store&gt;/I&lt;item&gt;, then copies under R&lt;k&gt;-S&lt;store&gt;, by MariaDB. */
    private static void load(ServiceReplicas replicas, Map<String, double[]> data, LocalDate origin, int copies)
            throws Exception {
        try (Connection c = replicas.db()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sales_history (store_id, product_id, "
                    + "sale_date, units, source) VALUES (?, ?, ?, ?, 'store-item')")) {
                for (var e : data.entrySet()) {
                    String[] sp = e.getKey().split("\\|");
                    double[] v = e.getValue();
                    for (int d = v.length - DAYS; d < v.length; d++) {
                        ps.setString(1, "S" + sp[0]);
                        ps.setString(2, "I" + sp[1]);
                        ps.setObject(3, origin.plusDays(d));
                        ps.setLong(4, (long) v[d]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            SyntheticSeries.numbers(c);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO sales_history (store_id, product_id, sale_date, units, source) "
                        + "SELECT CONCAT('R', n.n, '-', h.store_id), h.product_id, h.sale_date, h.units, h.source "
                        + "FROM sales_history h JOIN scaleout_n n WHERE n.n BETWEEN 1 AND " + (copies - 1)
                        + " AND h.store_id LIKE 'S%'");
            }
        }
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String l = String.format(java.util.Locale.ROOT, format, args);
        System.out.println(l);
        report.append(l).append('\n');
    }

    /** The service's defaults (application.properties and ForecastingConfig's @WithDefault). */
    static ForecastingConfig defaults() {
        ForecastingConfig.Model model = new ForecastingConfig.Model() {
            public String transform() {
                return "log1p";
            }

            public double changepointPriorScale() {
                return 0.01;
            }

            public int yearlyOrder() {
                return 20;
            }

            public String seasonalityMode() {
                return "additive";
            }

            public OptionalDouble pooledPriorScale() {
                return OptionalDouble.empty();
            }

            public Optional<String> countryHolidays() {
                return Optional.empty();
            }
        };
        ForecastingConfig.Runs runs = new ForecastingConfig.Runs() {
            public ForecastingConfig.Pooling pooling() {
                return new ForecastingConfig.Pooling() {
                    public String mode() {
                        return "none";
                    }

                    public String level() {
                        return "product";
                    }

                    public double weight() {
                        return 0.5;
                    }

                    public int shareDays() {
                        return 364;
                    }

                    public boolean byWeekday() {
                        return true;
                    }
                };
            }

            public String model() {
                return System.getProperty("bench.model", "prophet");
            }

            public int pairsPerItem() {
                return 16;
            }

            public int consumers() {
                return 3;
            }

            public Duration retryWindow() {
                return Duration.ofMinutes(4);
            }

            public Duration staleAfter() {
                return Duration.ofMinutes(30);
            }

            public Optional<String> workerId() {
                return Optional.empty();
            }
        };
        return new ForecastingConfig() {
            public int horizonDays() {
                return 30;
            }

            public double intervalWidth() {
                return 0.8;
            }

            public int uncertaintySamples() {
                return 1000;
            }

            public int workers() {
                return 2;
            }

            public int backtestDays() {
                return 28;
            }

            public int minHistoryDays() {
                return 14;
            }

            public Model model() {
                return model;
            }

            public Schedule schedule() {
                return () -> "off";
            }

            public Runs runs() {
                return runs;
            }
        };
    }
}
