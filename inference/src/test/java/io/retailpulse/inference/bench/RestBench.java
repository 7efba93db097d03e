package io.retailpulse.inference.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.scoring.ActiveModel;
import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.eval.BareSession;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Throughput through the service's REST API (not a test: the class names end in {@code Bench}, which surefire and
 * failsafe do not pick up; {@code inference/bench/run.sh NlpBench} runs them after the in-process benchmark). The real
 * application with its Kafka and MariaDB test resources, the served model in one precision per subclass: the same
 * 32-text batches through {@code POST /api/v1/sentiment/batch} (1 client, then 4 concurrent clients of 8 texts) and
 * through single-text {@code POST /api/v1/sentiment} (16 concurrent clients, which the micro-batcher merges), beside
 * the model called in-process on the same batches (ratio REST / in-process) and a bare ONNX Runtime session on the
 * served graph. Every pass stops after {@code bench.passSeconds} (20 s), so the run is bounded on a loaded machine.
 * Results are appended to {@code target/rest-bench.txt}; {@code bench/run.sh} prints int8/fp32 per path from it.
 */
public abstract class RestBench {
    static final Path OUT = Path.of("target/rest-bench.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ActiveModel active;

    @Inject
    NlpConfig config;

    /** fp32 / int8 served; {@code -Dbench.maxWait=PT0.005S} and {@code -Dbench.maxTexts=64} reach the batcher. */
    public abstract static class Profile implements QuarkusTestProfile {
        abstract String precision();

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new java.util.HashMap<>(Map.of(
                    "pulse.inference.nlp.precision",
                    precision(),
                    "quarkus.log.category.\"io.retailpulse\".level",
                    "WARN"));
            if (System.getProperty("bench.maxWait") != null) {
                m.put("pulse.inference.nlp.batching.max-wait", System.getProperty("bench.maxWait"));
            }
            if (System.getProperty("bench.maxTexts") != null) {
                m.put("pulse.inference.nlp.batching.max-texts", System.getProperty("bench.maxTexts"));
            }
            return m;
        }
    }

    public static final class Fp32 extends Profile {
        @Override
        String precision() {
            return "fp32";
        }
    }

    public static final class Int8 extends Profile {
        @Override
        String precision() {
            return "int8";
        }
    }

    private record Pass(double seconds, double[] millis, int texts, double cpuSeconds) {
        double rate() {
            return texts / seconds;
        }

        double pct(double p) {
            double[] s = millis.clone();
            if (s.length == 0) {
                return Double.NaN;
            }
            Arrays.sort(s);
            return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p * s.length) - 1))];
        }
    }

    @Test
    void restThroughput() throws Exception {
        int n = Integer.getInteger("bench.texts", 160);
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<String> texts = NlpBench.tweets(n);
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(4))
                .build();
        String base = "http://localhost:" + RestAssured.port + "/api/v1/sentiment";
        PulseTextModel model = active.get();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        // the served graph in a bare ONNX Runtime session with the served thread settings: the floor of the model
        // call alone (no tokenisation of its own result, no NER decoding, no service)
        BareSession bare = new BareSession(
                model.onnxModel(),
                config.threads(),
                1,
                config.spinning(),
                new Featurizer(model.maxTokens(), BaseEncoder.Base.served()));
        try {
            // warm-up
            for (int i = 0; i < 3; i++) {
                post(http, base + "/batch", texts.subList(0, 32));
                post(http, base + "/batch", texts.subList(32, 96));
                post(http, base, texts.subList(i, i + 1));
                model.analyse(texts.subList(0, 32));
                bare.run(texts.subList(0, 32));
            }
            int concurrent = config.concurrentPasses();
            String[] names = {
                "bare ORT session, batch 32, " + concurrent + " caller(s)",
                "in-process analyse, batch 32, " + concurrent + " caller(s)",
                "REST /batch, 32 per request, 1 client",
                "REST /batch, 64 per request, 2 clients",
                "REST /batch, 8 per request, 4 clients",
                "REST single text, 16 clients",
                "REST single text, 1 client"
            };
            List<List<Pass>> passes = new ArrayList<>();
            for (int k = 0; k < names.length; k++) {
                passes.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                // the model alone as the service runs it: as many callers as concurrent passes
                passes.get(0).add(measure(texts, 32, concurrent, clients, bare::run));
                passes.get(1).add(measure(texts, 32, concurrent, clients, batch -> model.analyse(batch)));
                passes.get(2).add(measure(texts, 32, 1, clients, batch -> post(http, base + "/batch", batch)));
                passes.get(3).add(measure(texts, 64, 2, clients, batch -> post(http, base + "/batch", batch)));
                passes.get(4).add(measure(texts, 8, 4, clients, batch -> post(http, base + "/batch", batch)));
                passes.get(5).add(measure(texts, 1, 16, clients, batch -> post(http, base, batch)));
                passes.get(6).add(measure(texts, 1, 1, clients, batch -> post(http, base, batch)));
            }
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%nRestBench %s (%s %s): %d SemEval tweets, %d rounds (median), at most %d s per pass, "
                            + "%d ONNX threads x %d concurrent passes, batcher max-wait %s, max-texts %s, "
                            + "load average %.1f%n",
                    precision(),
                    model.name(),
                    model.version(),
                    texts.size(),
                    rounds,
                    PASS_SECONDS,
                    config.threads(),
                    concurrent,
                    config.batching().maxWait(),
                    config.batching().maxTexts(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            sb.append(
                    "precision | path                                   | texts/s | texts per CPU-s | p50 ms/request | p99 ms/request\n");
            for (int k = 0; k < names.length; k++) {
                Pass p = median(passes.get(k));
                sb.append(String.format(
                        Locale.ROOT,
                        "%-9s | %-38s | %7.1f | %15.1f | %14.1f | %14.1f%n",
                        precision(),
                        names[k],
                        p.rate(),
                        p.texts() / p.cpuSeconds(),
                        p.pct(0.5),
                        p.pct(0.99)));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%s REST /batch (32, 1 client) / in-process batch 32: %.3f (per round %s); "
                            + "in-process / bare: %.3f (per round %s)%n",
                    precision(),
                    medianRatio(passes.get(2), passes.get(1)),
                    ratios(passes.get(2), passes.get(1)),
                    medianRatio(passes.get(1), passes.get(0)),
                    ratios(passes.get(1), passes.get(0))));
            System.out.print(sb);
            Files.writeString(OUT, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            clients.shutdownNow();
            bare.close();
        }
    }

    abstract String precision();

    interface Call {
        void run(List<String> batch) throws Exception;
    }

    /** A pass stops taking new calls after this many seconds ({@code -Dbench.passSeconds}), so a slow machine ends. */
    static final int PASS_SECONDS = Integer.getInteger("bench.passSeconds", 20);

    /**
     * The texts in batches of {@code batch}, {@code concurrency} callers taking the next batch as they finish, until
     * all are done or {@link #PASS_SECONDS} have passed (then the calls finished so far count).
     */
    private static Pass measure(List<String> texts, int batch, int concurrency, ExecutorService clients, Call call)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int calls = (texts.size() + batch - 1) / batch;
        double[] millis = new double[calls];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger doneTexts = new java.util.concurrent.atomic.AtomicInteger();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long deadline = t0 + PASS_SECONDS * 1_000_000_000L;
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            running.add(clients.submit(() -> {
                int i;
                while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < calls) {
                    long s = System.nanoTime();
                    List<String> part = texts.subList(i * batch, Math.min(texts.size(), (i + 1) * batch));
                    call.run(part);
                    millis[i] = (System.nanoTime() - s) / 1e6;
                    doneTexts.addAndGet(part.size());
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] finished = Arrays.copyOf(millis, Math.min(calls, next.get()));
        finished = Arrays.stream(finished).filter(m -> m > 0).toArray();
        return new Pass(seconds, finished, doneTexts.get(), (os.getProcessCpuTime() - cpu0) / 1e9);
    }

    private static void post(HttpClient http, String url, List<String> batch) throws IOException, InterruptedException {
        Object body =
                batch.size() == 1 && !url.endsWith("/batch") ? Map.of("text", batch.get(0)) : Map.of("texts", batch);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer test-key")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static Pass median(List<Pass> passes) {
        List<Pass> s = new ArrayList<>(passes);
        s.sort((a, b) -> Double.compare(a.rate(), b.rate()));
        return s.get(s.size() / 2);
    }

    private static double medianRatio(List<Pass> a, List<Pass> b) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).rate() / b.get(i).rate();
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    private static String ratios(List<Pass> a, List<Pass> b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            sb.append(i == 0 ? "" : " ")
                    .append(String.format(
                            Locale.ROOT, "%.3f", a.get(i).rate() / b.get(i).rate()));
        }
        return sb.toString();
    }
}
