package io.retailpulse.nlp.eval;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.data.Datasets;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Build variants side by side (measurement, not a test): each variant is the served graph of a precision built with
 * some system properties ({@code int8:pulse.q.fp32=layer0.ffn_out;pulse.q.mode=dynamic}: properties separated by
 * {@code ;}, a list value by {@code ,}), run in a bare ONNX Runtime session (2 threads, idle threads sleep, as
 * served); all variants take turns call by call on the same batches of SemEval 2016-devtest tweets, so they share the
 * machine's load. Prints texts/s and texts per CPU-second with the ratio to the first variant.
 *
 * <p>{@code nlp/calibrate.sh} builds the class path; then {@code java io.retailpulse.nlp.eval.Int8Variants 32 2 fp32
 * int8 int8:pulse.q.mode=dynamic} (batch, rounds, variants).
 */
public final class Int8Variants {
    private Int8Variants() {}

    public static void main(String[] args) throws Exception {
        int batch = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path data = Path.of(System.getProperty("pulse.data", "../shared/data"));
        List<String> texts =
                Datasets.semeval(data.resolve("sentiment/semeval-tweets/twitter-2016devtest-A.tsv")).stream()
                        .map(Datasets.Labelled::text)
                        .limit(128)
                        .toList();
        List<String> names = new ArrayList<>();
        List<BareSession> sessions = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] parts = args[i].split(":", 2);
            Map<String, String> props = new HashMap<>();
            if (parts.length > 1) {
                for (String kv : parts[1].split(";")) {
                    String[] x = kv.split("=", 2);
                    props.put(x[0], x.length > 1 ? x[1] : "");
                }
            }
            props.forEach(System::setProperty);
            try (PulseTextModel m = PulseTextModel.load(new ModelOptions(2, null, 32, Precision.parse(parts[0])))) {
                sessions.add(new BareSession(
                        m.onnxModel(), 2, 1, false, new Featurizer(m.maxTokens(), BaseEncoder.Base.served())));
            } finally {
                props.keySet().forEach(System::clearProperty);
            }
            names.add(args[i]);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int w = 0; w < 2; w++) {
            sessions.forEach(s -> s.run(texts.subList(0, batch)));
        }
        double[] wall = new double[sessions.size()];
        double[] cpu = new double[sessions.size()];
        int calls = 0;
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c + batch <= texts.size(); c += batch, calls++) {
                List<String> chunk = texts.subList(c, c + batch);
                for (int j = 0; j < sessions.size(); j++) {
                    int e = (j + calls) % sessions.size();
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    sessions.get(e).run(chunk);
                    wall[e] += (System.nanoTime() - t0) / 1e9;
                    cpu[e] += (os.getProcessCpuTime() - c0) / 1e9;
                }
            }
        }
        double n = (double) calls * batch;
        System.out.printf(
                Locale.ROOT, "batch %d, %d calls each, load average %.1f%n", batch, calls, os.getSystemLoadAverage());
        for (int e = 0; e < sessions.size(); e++) {
            System.out.printf(
                    Locale.ROOT,
                    "%-60s texts/s %6.1f (x%.2f)  texts per CPU-s %6.1f (x%.2f)%n",
                    names.get(e),
                    n / wall[e],
                    wall[0] / wall[e],
                    n / cpu[e],
                    cpu[0] / cpu[e]);
        }
        sessions.forEach(BareSession::close);
    }
}
