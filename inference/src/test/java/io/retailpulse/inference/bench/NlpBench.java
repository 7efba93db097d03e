package io.retailpulse.inference.bench;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.TextEncoding;
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
 * Sentiment + NER throughput benchmark (not a test): {@link PulseTextModel#analyse} (tokenise, one pass of the
 * assembled encoder with both heads, CRF decoding, entity spans) against a bare ONNX Runtime session running the
 * unmodified base encoder ({@link BaseEncoder}: same tokenisation, same batches, last_hidden_state only) on the same
 * SemEval tweets in the same run, at batch 1 and 32. The two engines alternate call by call on the same batches, for
 * {@code rounds} passes, so both see the same machine load; the median pass is reported (and the median of the
 * per-pass ratios), with p50/p99 latency per call and RSS.
 *
 * <p>{@code inference/bench/run.sh NlpBench [texts=512] [rounds=3] [threads=2]}
 */
public final class NlpBench {
    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private NlpBench() {
    }

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

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> texts = tweets(n);
        ModelOptions options = new ModelOptions(threads, null, 32);
        long t0 = System.nanoTime();
        PulseTextModel model = PulseTextModel.load(options);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        long rssModel = rssKb("VmRSS");
        BaseEncoder base = new BaseEncoder(options, model.maxTokens());
        Engine pulse = model::analyse;
        Engine bare = batch -> {
            List<TextEncoding> enc = new ArrayList<>(batch.size());
            for (String t : batch) {
                enc.add(base.encode(t));
            }
            enc.sort((a, b) -> Integer.compare(a.length(), b.length()));
            base.states(enc);
        };
        // warm-up: first calls allocate arenas and pick kernels
        for (int i = 0; i < 3; i++) {
            pulse.run(texts.subList(0, 32));
            bare.run(texts.subList(0, 32));
            pulse.run(texts.subList(i, i + 1));
            bare.run(texts.subList(i, i + 1));
        }
        int[] batchSizes = {1, 32};
        List<List<Run>> pulseRuns = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Run>> bareRuns = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < batchSizes.length; b++) {
                // batch 1 over a quarter of the texts: it is the slow case and its rate settles quickly
                List<String> subset = batchSizes[b] == 1 ? texts.subList(0, Math.max(32, texts.size() / 4)) : texts;
                Run[] pair = measurePaired(pulse, bare, subset, batchSizes[b], r % 2 == 0);
                pulseRuns.get(b).add(pair[0]);
                bareRuns.get(b).add(pair[1]);
            }
        }
        long rssAll = rssKb("VmRSS");
        long hwm = rssKb("VmHWM");
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "NlpBench: %d SemEval tweets (2016 devtest), %d rounds (median shown), %d ONNX "
                + "threads, %d cores, load average %.1f; model %s %s loaded in %.1f s%n", texts.size(), rounds, threads,
                Runtime.getRuntime().availableProcessors(), load, model.name(), model.version(), loadSeconds);
        System.out.println("batch | engine                         | texts/s | texts per CPU-s | p50 ms/call | p99 ms/call");
        for (int b = 0; b < batchSizes.length; b++) {
            Run p = median(pulseRuns.get(b));
            Run q = median(bareRuns.get(b));
            print(batchSizes[b], "pulse-text sentiment + NER", p);
            print(batchSizes[b], "bare ONNX Runtime base encoder", q);
            System.out.printf(Locale.ROOT, "batch %d ratio pulse/bare: %.3f (median round; texts/s of the median runs "
                    + "%.3f, texts per CPU-s %.3f); per round %s%n", batchSizes[b],
                    medianRatio(pulseRuns.get(b), bareRuns.get(b)), p.textsPerSecond() / q.textsPerSecond(),
                    (p.texts() / p.cpuSeconds()) / (q.texts() / q.cpuSeconds()), ratios(pulseRuns.get(b), bareRuns.get(b)));
        }
        System.out.printf(Locale.ROOT, "RSS: %d MB with the pulse-text model loaded, %d MB with the bare encoder too, "
                + "peak %d MB (heap max %d MB)%n", rssModel / 1024, rssAll / 1024, hwm / 1024,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        base.close();
        model.close();
        model.closeShared();
    }

    /**
     * Both engines on the same calls, alternating call by call (who goes first alternates by round), so both see
     * the same machine load: on shared cores a whole-pass comparison mostly measures the neighbours.
     */
    static Run[] measurePaired(Engine a, Engine b, List<String> texts, int batch, boolean aFirst) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        int calls = (texts.size() + batch - 1) / batch;
        double[][] millis = new double[2][calls];
        double[] cpu = new double[2];
        Engine[] engines = {a, b};
        for (int c = 0; c < calls; c++) {
            List<String> chunk = texts.subList(c * batch, Math.min(texts.size(), (c + 1) * batch));
            for (int k = 0; k < 2; k++) {
                int e = aFirst == (k == 0) ? 0 : 1;
                long cpu0 = os.getProcessCpuTime();
                long s = System.nanoTime();
                engines[e].run(chunk);
                millis[e][c] = (System.nanoTime() - s) / 1e6;
                cpu[e] += (os.getProcessCpuTime() - cpu0) / 1e9;
            }
        }
        Run[] out = new Run[2];
        for (int e = 0; e < 2; e++) {
            out[e] = new Run(Arrays.stream(millis[e]).sum() / 1e3, cpu[e], millis[e], texts.size());
        }
        return out;
    }

    private static double medianRatio(List<Run> pulse, List<Run> bare) {
        double[] r = new double[pulse.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = pulse.get(i).textsPerSecond() / bare.get(i).textsPerSecond();
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.textsPerSecond(), b.textsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    private static String ratios(List<Run> pulse, List<Run> bare) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pulse.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f",
                    pulse.get(i).textsPerSecond() / bare.get(i).textsPerSecond()));
        }
        return sb.toString();
    }

    private static void print(int batch, String engine, Run r) {
        System.out.printf(Locale.ROOT, "%5d | %-30s | %7.1f | %15.1f | %11.2f | %11.2f%n", batch, engine,
                r.textsPerSecond(), r.texts() / r.cpuSeconds(), r.percentile(0.5), r.percentile(0.99));
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
