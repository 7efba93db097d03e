package io.retailpulse.inference.bench;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.eval.BareSession;
import io.retailpulse.nlp.eval.QualityReport;
import io.retailpulse.stack.testing.SharedDataRoot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentiment + NER throughput benchmark (not a test), fp32 and int8 in one run: {@link PulseTextModel#analyse}
 * (tokenise, one pass of the assembled encoder with both heads, CRF decoding, entity spans) of each precision beside
 * a bare ONNX Runtime session on the SAME assembled graph ({@link BareSession}: same tokenisation, same sorted
 * padded batches, same outputs, nothing else), at batch 1, 8 and 32. The four engines take turns call by call on the
 * same batches (the order rotates by round), for {@code rounds} passes, so all see the same machine load; the
 * median pass is reported with p50/p99 latency per call, the analyse/bare ratio (median of per-pass ratios) and
 * int8's speed-up over fp32.
 *
 * <p>{@code inference/bench/run.sh NlpBench [texts=512] [rounds=3] [threads=2]}
 */
public final class NlpBench {
    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
    static final int[] BATCHES = {1, 8, 32};

    private NlpBench() {}

    /** One measured pass over the texts: wall time, process CPU time and the latency of every call. */
    record Run(double seconds, double cpuSeconds, double[] callMillis, int texts) {
        double textsPerSecond() {
            return texts / seconds;
        }

        double percentile(double p) {
            double[] sorted = callMillis.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    interface Engine {
        void run(List<String> batch);
    }

    record Named(String name, Engine engine) {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> texts = tweets(n);
        ModelOptions options = new ModelOptions(threads, null, 32);
        List<Named> engines = new ArrayList<>();
        List<PulseTextModel> models = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        StringBuilder loads = new StringBuilder();
        for (Precision precision : Precision.values()) {
            long t0 = System.nanoTime();
            PulseTextModel model = PulseTextModel.load(options.withPrecision(precision));
            loads.append(String.format(
                    Locale.ROOT,
                    "%s %s %s loaded in %.1f s; ",
                    model.name(),
                    model.version(),
                    precision.label(),
                    (System.nanoTime() - t0) / 1e9));
            BareSession bare = new BareSession(
                    model.onnxModel(), options, new Featurizer(model.maxTokens(), BaseEncoder.Base.served()));
            open.add(bare);
            open.add(model);
            models.add(model);
            engines.add(new Named(precision.label() + " pulse-text analyse", model::analyse));
            engines.add(new Named(precision.label() + " bare ORT, same graph", bare::run));
        }
        long rssModels = rssKb("VmRSS");
        // warm-up: first calls allocate arenas and pick kernels
        for (int i = 0; i < 3; i++) {
            for (Named e : engines) {
                e.engine().run(texts.subList(0, 32));
                e.engine().run(texts.subList(i, i + 8));
                e.engine().run(texts.subList(i, i + 1));
            }
        }
        // runs[batch][engine] -> one Run per round
        List<List<List<Run>>> runs = new ArrayList<>();
        for (int b = 0; b < BATCHES.length; b++) {
            List<List<Run>> perEngine = new ArrayList<>();
            engines.forEach(e -> perEngine.add(new ArrayList<>()));
            runs.add(perEngine);
        }
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < BATCHES.length; b++) {
                // batch 1 over a quarter of the texts: it is the slow case and its rate settles quickly
                List<String> subset = BATCHES[b] == 1 ? texts.subList(0, Math.max(32, texts.size() / 4)) : texts;
                Run[] measured = measureInTurns(engines, subset, BATCHES[b], r);
                for (int e = 0; e < engines.size(); e++) {
                    runs.get(b).get(e).add(measured[e]);
                }
            }
        }
        long hwm = rssKb("VmHWM");
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(
                Locale.ROOT,
                "NlpBench: %d SemEval tweets (2016 devtest), %d rounds (median shown), %d ONNX "
                        + "threads, %d cores, load average %.1f; %s%n",
                texts.size(),
                rounds,
                threads,
                Runtime.getRuntime().availableProcessors(),
                load,
                loads);
        System.out.println(
                "batch | engine                         | texts/s | texts per CPU-s | p50 ms/call | p99 ms/call");
        for (int b = 0; b < BATCHES.length; b++) {
            for (int e = 0; e < engines.size(); e++) {
                print(BATCHES[b], engines.get(e).name(), median(runs.get(b).get(e)));
            }
        }
        System.out.println();
        for (int b = 0; b < BATCHES.length; b++) {
            List<List<Run>> r = runs.get(b);
            System.out.printf(
                    Locale.ROOT,
                    "batch %2d: analyse/bare fp32 %.3f (per round %s), int8 %.3f (per round %s); "
                            + "int8/fp32 speed-up: analyse %.2fx, bare %.2fx%n",
                    BATCHES[b],
                    medianRatio(r.get(0), r.get(1)),
                    ratios(r.get(0), r.get(1)),
                    medianRatio(r.get(2), r.get(3)),
                    ratios(r.get(2), r.get(3)),
                    medianRatio(r.get(2), r.get(0)),
                    medianRatio(r.get(3), r.get(1)));
        }
        System.out.printf(
                Locale.ROOT,
                "RSS: %d MB with both models and both bare sessions loaded, peak %d MB (heap max %d MB)%n",
                rssModels / 1024,
                hwm / 1024,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (!Boolean.getBoolean("bench.skipThreads")) {
            ThreadSweep.run(models, texts, rounds);
        }
        if (!Boolean.getBoolean("bench.skipBatcher")) {
            BatcherSweep.run(models, texts, rounds);
        }
        for (AutoCloseable c : open) {
            c.close();
        }
        if (!Boolean.getBoolean("bench.skipQuality")) {
            // the same two served graphs on the four dev sets, so speed and quality come from one run (about 80 s)
            System.out.println();
            QualityReport.main(new String[] {
                "--precision",
                "both",
                "--data",
                SharedDataRoot.locate(NlpBench.class, "ner").toString()
            });
        }
    }

    /**
     * All engines on the same calls, taking turns call by call (the first engine rotates by round), so all see the
     * same machine load: on shared cores a whole-pass comparison mostly measures the neighbours.
     */
    static Run[] measureInTurns(List<Named> engines, List<String> texts, int batch, int round) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int calls = (texts.size() + batch - 1) / batch;
        int k = engines.size();
        double[][] millis = new double[k][calls];
        double[] cpu = new double[k];
        for (int c = 0; c < calls; c++) {
            List<String> chunk = texts.subList(c * batch, Math.min(texts.size(), (c + 1) * batch));
            for (int j = 0; j < k; j++) {
                int e = (j + round) % k;
                long cpu0 = os.getProcessCpuTime();
                long s = System.nanoTime();
                engines.get(e).engine().run(chunk);
                millis[e][c] = (System.nanoTime() - s) / 1e6;
                cpu[e] += (os.getProcessCpuTime() - cpu0) / 1e9;
            }
        }
        Run[] out = new Run[k];
        for (int e = 0; e < k; e++) {
            out[e] = new Run(Arrays.stream(millis[e]).sum() / 1e3, cpu[e], millis[e], texts.size());
        }
        return out;
    }

    static double medianRatio(List<Run> pulse, List<Run> bare) {
        double[] r = new double[pulse.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = pulse.get(i).textsPerSecond() / bare.get(i).textsPerSecond();
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.textsPerSecond(), b.textsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    private static String ratios(List<Run> pulse, List<Run> bare) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pulse.size(); i++) {
            sb.append(i == 0 ? "" : " ")
                    .append(String.format(
                            Locale.ROOT,
                            "%.3f",
                            pulse.get(i).textsPerSecond() / bare.get(i).textsPerSecond()));
        }
        return sb.toString();
    }

    private static void print(int batch, String engine, Run r) {
        System.out.printf(
                Locale.ROOT,
                "%5d | %-30s | %7.1f | %15.1f | %11.2f | %11.2f%n",
                batch,
                engine,
                r.textsPerSecond(),
                r.texts() / r.cpuSeconds(),
                r.percentile(0.5),
                r.percentile(0.99));
    }

    static List<String> tweets(int n) throws IOException {
        Path root = SharedDataRoot.locate(NlpBench.class, "sentiment");
        Path file = root.resolve("sentiment/semeval-tweets/twitter-2016devtest-A.tsv");
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t", 3);
            if (cols.length == 3 && !cols[2].isBlank()) {
                out.add(unescape(cols[2]));
            }
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }

    static String unescape(String s) {
        Matcher m = ESCAPE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The CPU's model name and whether it has AVX-512 VNNI (int8 dot products), from /proc/cpuinfo. */
    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String name = lines.stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
            boolean vnni = lines.stream().anyMatch(l -> l.startsWith("flags") && l.contains("avx512_vnni"));
            return name + (vnni ? " (AVX-512 VNNI)" : " (no AVX-512 VNNI)");
        } catch (IOException e) {
            return "unknown (no /proc/cpuinfo)";
        }
    }

    static long rssKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }
}
