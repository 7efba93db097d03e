package io.retailpulse.inference.bench;

import io.retailpulse.inference.bench.NlpBench.Named;
import io.retailpulse.inference.bench.NlpBench.Run;
import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.eval.BareSession;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What int8 is worth on this CPU, whoever quantises (not a test). Issue 20 rests its 2.5× goal on a reference pair
 * measured on its author's machine: bge-small-en-v1.5 in fp32 and the same encoder quantised to int8 by ONNX
 * Runtime's own dynamic quantisation (2.8× there). This runs that published pair (the two langchain4j Maven Central
 * jars, graphs untouched) beside pulse-text's served fp32 and int8 graphs in bare sessions ({@link BareSession}),
 * all four taking turns call by call on the same tokenised tweets, the same sorted padded batches and the same
 * session options, so the reference ratio and pulse-text's are measured under one load. If the reference pair
 * itself runs below 2.5× here, that is the CPU (fp32 products are cheap with AVX-512), not pulse-text's int8.
 *
 * <p>{@code inference/bench/run.sh ReferencePairBench [texts=512] [rounds=3] [threads=2]}
 */
public final class ReferencePairBench {
    private static final int[] BATCHES = {1, 8, 32, 64};

    private ReferencePairBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> texts = NlpBench.tweets(n);
        ModelOptions options = new ModelOptions(threads, null, 32);
        List<Named> engines = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        int maxTokens = 0;
        for (Precision precision : Precision.values()) {
            try (PulseTextModel model = PulseTextModel.load(options.withPrecision(precision))) {
                maxTokens = model.maxTokens();
                BareSession bare = new BareSession(
                        model.onnxModel(),
                        options.withPrecision(precision),
                        new Featurizer(maxTokens, BaseEncoder.Base.served()));
                open.add(bare);
                engines.add(new Named("pulse-text " + precision.label(), bare::run));
            }
        }
        BaseEncoder.Base bge = BaseEncoder.Base.BGE_SMALL;
        // the int8 graph sits in its own jar (inference's test dependencies) and reads bge's tokenisation
        BaseEncoder.Base bgeInt8 = new BaseEncoder.Base("bge-small-en-v1.5-q.onnx", bge.tokenizer());
        Featurizer featurizer = new Featurizer(maxTokens, bge);
        BareSession fp32 = BareSession.published(BaseEncoder.baseModelBytes(bge), threads, featurizer);
        BareSession int8 = BareSession.published(BaseEncoder.baseModelBytes(bgeInt8), threads, featurizer);
        open.add(fp32);
        open.add(int8);
        engines.add(new Named("bge-small-en-v1.5 fp32", fp32::run));
        engines.add(new Named("bge-small-en-v1.5-q int8 (ORT)", int8::run));
        for (int i = 0; i < 3; i++) { // warm-up: arenas and kernel choices
            for (Named e : engines) {
                e.engine().run(texts.subList(0, 32));
                e.engine().run(texts.subList(i, i + 1));
            }
        }
        List<List<List<Run>>> runs = new ArrayList<>();
        for (int b = 0; b < BATCHES.length; b++) {
            List<List<Run>> perEngine = new ArrayList<>();
            engines.forEach(e -> perEngine.add(new ArrayList<>()));
            runs.add(perEngine);
            for (int r = 0; r < rounds; r++) {
                List<String> subset = BATCHES[b] == 1 ? texts.subList(0, Math.max(32, texts.size() / 4)) : texts;
                Run[] measured = NlpBench.measureInTurns(engines, subset, BATCHES[b], r);
                for (int e = 0; e < engines.size(); e++) {
                    perEngine.get(e).add(measured[e]);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "ReferencePairBench: %d SemEval tweets (2016 devtest, at most %d tokens), %d rounds (median), %d ONNX "
                        + "threads, %d cores, load average %.1f, CPU %s%n",
                texts.size(),
                maxTokens,
                rounds,
                threads,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                NlpBench.cpuModel());
        System.out.println("batch | engine                         | texts/s | texts per CPU-s");
        for (int b = 0; b < BATCHES.length; b++) {
            for (int e = 0; e < engines.size(); e++) {
                Run m = NlpBench.median(runs.get(b).get(e));
                System.out.printf(
                        Locale.ROOT,
                        "%5d | %-30s | %7.1f | %15.1f%n",
                        BATCHES[b],
                        engines.get(e).name(),
                        m.textsPerSecond(),
                        m.texts() / m.cpuSeconds());
            }
        }
        System.out.println();
        for (int b = 0; b < BATCHES.length; b++) {
            List<List<Run>> r = runs.get(b);
            System.out.printf(
                    Locale.ROOT,
                    "batch %2d: int8/fp32 pulse-text %.2fx, reference pair (bge-small, ORT's quantisation) %.2fx%n",
                    BATCHES[b],
                    NlpBench.medianRatio(r.get(1), r.get(0)),
                    NlpBench.medianRatio(r.get(3), r.get(2)));
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
