package io.retailpulse.analytics.dashboard.bench;

import io.retailpulse.analytics.api.OwnerSchemas;
import io.retailpulse.stack.FreePorts;
import io.retailpulse.stack.HealthCheck;
import io.retailpulse.stack.MariaDbServer;
import io.retailpulse.stack.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Constant-rate load on loopback: {@code GET /api/v1/forecasts?store=..&product=..} (one store-product, 90 days of
 * the newest run) beside {@code GET /q/health/live}, both at the same rate in the same run, against the packaged
 * analytics-api on a real MariaDB holding 3 runs x 500 store-products x 90 days of forecasts.
 *
 * <p>Open loop and coordinated-omission aware: request i is due at start + i / rate and its latency runs from that
 * due time, so a stall (server, client or GC) counts for every request it delays, as users would feel it.
 *
 * <p>Arguments: [rate/s, default 500] [seconds of each endpoint, default 40]. Needs the packaged jar
 * ({@code bench/run.sh} builds it).
 */
public final class ForecastQueryBench {
    private static final int STORES = 20;
    private static final int PRODUCTS = 25;
    private static final int DAYS = 90;
    private static final int RUNS = 3;
    private static final String KEY = "bench-" + UUID.randomUUID();

    private ForecastQueryBench() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path jar = home.resolve("analytics-api/target/quarkus-app/quarkus-run.jar");
        Path dir = Files.createTempDirectory("pulse-bench-analytics-");
        System.out.printf("analytics-api forecast query benchmark: %d req/s, %d s of each endpoint%n", rate, seconds);
        try (MariaDbServer db = new MariaDbServer(dir.resolve("db"), FreePorts.find()).start()) {
            String password = UUID.randomUUID().toString().replace("-", "");
            db.createDatabase("bench", "bench", password);
            fill(db, password);
            int port = FreePorts.find();
            ServiceProcess api = ServiceProcess.start(
                    "analytics-api",
                    jar,
                    port,
                    Map.of(
                            "PULSE_DB_URL",
                            db.url("bench"),
                            "PULSE_DB_USER",
                            "bench",
                            "PULSE_DB_PASSWORD",
                            password,
                            "PULSE_API_KEY",
                            KEY),
                    // No broker here: the dashboard's alert consumer stays off.
                    List.of("-Dmp.messaging.incoming.dashboard-alerts.enabled=false"),
                    dir.resolve("analytics-api.log"),
                    false);
            try {
                awaitReady(api.uri(), dir.resolve("analytics-api.log"));
                measure(
                        api.uri(),
                        rate,
                        seconds,
                        Map.of(
                                "analytics-api",
                                api.process(),
                                "MariaDB",
                                db.process(),
                                "load generator",
                                ProcessHandle.current()));
            } finally {
                api.process().destroy();
                api.process().onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            delete(dir);
        }
    }

    private static void fill(MariaDbServer db, String password) throws Exception {
        long started = System.nanoTime();
        OwnerSchemas.migrate(db.jdbcUrl("bench"), "bench", password, OwnerSchemas.FORECASTING);
        LocalDate first = LocalDate.now().plusDays(1);
        try (Connection c = MariaDbServer.connect(db.port(), "bench", "bench", password)) {
            c.setAutoCommit(false);
            try (PreparedStatement run = c.prepareStatement("INSERT INTO forecast_run (run_id, status, "
                    + "trigger_source, horizon_days, as_of_date) VALUES (?, 'SUCCEEDED', 'api', ?, ?)")) {
                for (int r = 1; r <= RUNS; r++) {
                    run.setInt(1, r);
                    run.setInt(2, DAYS);
                    run.setObject(3, first.minusDays(1));
                    run.addBatch();
                }
                run.executeBatch();
            }
            try (PreparedStatement f = c.prepareStatement("INSERT INTO forecast (run_id, store_id, product_id, "
                    + "forecast_date, yhat, yhat_lower, yhat_upper, trend, weekly, yearly, holidays) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
                int rows = 0;
                for (int r = 1; r <= RUNS; r++) {
                    for (int s = 1; s <= STORES; s++) {
                        for (int p = 1; p <= PRODUCTS; p++) {
                            for (int d = 0; d < DAYS; d++) {
                                double yhat = 5 + s * 0.1 + p * 0.01 + Math.sin(d / 7.0);
                                f.setInt(1, r);
                                f.setString(2, String.format("S%03d", s));
                                f.setString(3, String.format("SKU-%04d", p));
                                f.setObject(4, first.plusDays(d));
                                f.setDouble(5, yhat);
                                f.setDouble(6, yhat - 2);
                                f.setDouble(7, yhat + 2.5);
                                f.setDouble(8, 1.6);
                                f.setDouble(9, Math.sin(d / 7.0) / 10);
                                f.setDouble(10, 0.05);
                                f.addBatch();
                                if (++rows % 5000 == 0) {
                                    f.executeBatch();
                                }
                            }
                        }
                    }
                }
                f.executeBatch();
                c.commit();
                System.out.printf(
                        "data: %d forecast rows (%d runs x %d store-products x %d days) in %.1f s%n",
                        rows, RUNS, STORES * PRODUCTS, DAYS, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static void awaitReady(URI api, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!HealthCheck.ready(api)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("analytics-api not ready in 120 s, see " + log);
            }
            Thread.sleep(250);
        }
    }

    private static void measure(URI api, int rate, int seconds, Map<String, ProcessHandle> processes) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest forecast = HttpRequest.newBuilder(api.resolve("/api/v1/forecasts?store=S007&product=SKU-0013"))
                .header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpRequest health = HttpRequest.newBuilder(api.resolve("/q/health/live"))
                .timeout(Duration.ofSeconds(10))
                .build();
        String body =
                client.send(forecast, HttpResponse.BodyHandlers.ofString()).body();
        int items = body.split("\"yhat\"", -1).length - 1;
        if (items != DAYS) {
            throw new IllegalStateException("the forecast query answers " + items + " days, not " + DAYS + ": "
                    + body.substring(0, Math.min(300, body.length())));
        }
        System.out.printf("forecast answer: %d days, %d bytes%n", items, body.length());
        // The packaged jar serves the dashboard and the chart library from the mvnpm jar.
        for (String page :
                List.of("/dashboard", "/dashboard/dashboard.js", "/_static/echarts/6.0.0/dist/echarts.min.js")) {
            int status = client.send(
                            HttpRequest.newBuilder(api.resolve(page)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 200) {
                throw new IllegalStateException("the packaged jar answers " + status + " for " + page);
            }
        }

        System.out.println("warm-up: 10 s of each endpoint");
        run(client, List.of(health, forecast), rate, 20);
        System.out.printf("measuring: %d s of each endpoint, alternating every second%n", seconds);
        Map<String, Duration> cpuBefore = cpu(processes);
        long started = System.nanoTime();
        Result[] results = run(client, List.of(health, forecast), rate, 2 * seconds);
        double wall = (System.nanoTime() - started) / 1e9;
        Map<String, Duration> cpuAfter = cpu(processes);
        Result healthResult = results[0];
        Result forecastResult = results[1];
        System.out.println();
        System.out.printf(
                "machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
        // How much of the 2 cores the bench itself takes: what is left for queueing behind other processes.
        StringBuilder used = new StringBuilder("CPU while measuring (cores):");
        processes.keySet().stream()
                .sorted()
                .forEach(name -> used.append(String.format(
                        " %s %.2f",
                        name,
                        (cpuAfter.get(name).toNanos() - cpuBefore.get(name).toNanos()) / 1e9 / wall)));
        System.out.println(used);
        System.out.printf(
                "%-32s %8s %8s %8s %8s %8s %8s %7s%n",
                "endpoint @ " + rate + " req/s",
                "requests",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms",
                "errors");
        healthResult.print("GET /q/health/live");
        forecastResult.print("GET /api/v1/forecasts (1 pair)");
        System.out.printf(
                "ratio forecast / health: p50 %.2f, p99 %.2f%n",
                forecastResult.percentile(50) / healthResult.percentile(50),
                forecastResult.percentile(99) / healthResult.percentile(99));
        double p99 = forecastResult.percentile(99);
        System.out.printf("target p99 < 20 ms: %s (%.2f ms)%n", p99 < 20 ? "met" : "MISSED", p99);
    }

    /**
     * Sends {@code rate} requests a second for {@code seconds}, each at its due time, to the endpoints in turn, one
     * second each: both see the same machine (other processes, GC, JIT) at the same rate. Latencies in nanoseconds.
     */
    private static Result[] run(HttpClient client, List<HttpRequest> endpoints, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long[] latencies = new long[total];
        boolean[] failed = new boolean[total];
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            HttpRequest request = endpoints.get((i / rate) % endpoints.size());
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                latencies[index] = System.nanoTime() - due;
                failed[index] = failure != null || response.statusCode() != 200;
                done.countDown();
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(done.getCount() + " requests unanswered after 60 s");
        }
        Result[] results = new Result[endpoints.size()];
        for (int e = 0; e < endpoints.size(); e++) {
            int endpoint = e;
            int[] mine = java.util.stream.IntStream.range(0, total)
                    .filter(i -> (i / rate) % endpoints.size() == endpoint)
                    .toArray();
            results[e] = new Result();
            results[e].latencies =
                    Arrays.stream(mine).mapToLong(i -> latencies[i]).sorted().toArray();
            results[e].errors = (int) Arrays.stream(mine).filter(i -> failed[i]).count();
        }
        return results;
    }

    private static final class Result {
        long[] latencies = new long[0];
        int errors;

        double percentile(double p) {
            int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        void print(String name) {
            System.out.printf(
                    "%-32s %8d %8.2f %8.2f %8.2f %8.2f %8.2f %7d%n",
                    name,
                    latencies.length,
                    percentile(50),
                    percentile(90),
                    percentile(99),
                    percentile(99.9),
                    latencies[latencies.length - 1] / 1e6,
                    errors);
        }
    }

    private static Map<String, Duration> cpu(Map<String, ProcessHandle> processes) {
        Map<String, Duration> cpu = new java.util.HashMap<>();
        processes.forEach((name, p) -> cpu.put(name, p.info().totalCpuDuration().orElse(Duration.ZERO)));
        return cpu;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows in the tail latencies. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
