package io.retailpulse.inference.bench;

import io.retailpulse.inference.complaints.EncoderSpec;
import io.retailpulse.inference.complaints.SentenceEncoder;
import io.retailpulse.inference.engine.TopicModel;
import io.retailpulse.inference.engine.TopicParams;
import io.retailpulse.inference.engine.TopicResult;
import io.retailpulse.inference.quality.ClusterScores;
import io.retailpulse.inference.quality.SharedData;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * End-to-end clustering benchmark (not a test): the first 10,000 BANKING77 queries through the service's engine
 * with its defaults, time per stage (embed, reduce, cluster, represent), with NMI as a sanity check; then the
 * embedding stage against the batched encoder as a baseline, in the same run.
 * {@code inference/bench/run.sh} (args: documents, default 10000).
 */
public final class TopicBench {
    private static final Logger LOG = Logger.getLogger(TopicBench.class);

    private TopicBench() {}

    /**
     * Baseline in the same run for the reduction: the same embeddings clustered after UMAP (5 components laid out from
     * the 32 PCA ones, {@code pulse.inference.topics.umap-dims=5}) instead of after PCA alone.
     */
    private static void reductionAgainstUmap(
            TopicModel model, List<String> texts, TopicResult pca, TopicParams params, List<SharedData.Labelled> data) {
        TopicParams umap = new TopicParams(
                params.minTopicSize(),
                params.minSamples(),
                params.reducedDims(),
                params.outlierThreshold(),
                params.keywords(),
                params.maxTopicShare(),
                params.mergeSimilarity(),
                5);
        TopicResult result = model.cluster(texts, pca.embeddings(), umap, new java.util.LinkedHashMap<>());
        long pcaMs = pca.stageMillis().get("reduce") + pca.stageMillis().get("cluster");
        long umapMs = result.stageMillis().get("reduce") + result.stageMillis().get("cluster");
        double nmi = ClusterScores.nmi(
                result.assignments(), data.stream().map(d -> d.labels().get(0)).toList());
        LOG.infof(
                "TopicBench: reduce + cluster with UMAP %d ms (stages %s, %d topics, NMI %.4f) vs PCA alone %d ms: "
                        + "time ratio %.2f",
                umapMs, result.stageMillis(), result.topics().size(), nmi, pcaMs, umapMs / (double) pcaMs);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<SharedData.Labelled> data = SharedData.banking77();
        data = data.subList(0, Math.min(n, data.size()));
        List<String> texts = data.stream().map(SharedData.Labelled::text).toList();
        TopicParams params = new TopicParams(10, 5, 32, 0.0, 10, 0.1, 0.7, 0);
        long load = System.nanoTime();
        try (SentenceEncoder encoder = new SentenceEncoder(EncoderSpec.miniLmQuantized())) {
            long loaded = (System.nanoTime() - load) / 1_000_000;
            TopicModel model = new TopicModel(encoder);
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            double load0 = os.getSystemLoadAverage();
            long start = System.nanoTime();
            TopicResult result = model.fit(texts, params);
            long total = (System.nanoTime() - start) / 1_000_000;
            // wall time depends on whoever else uses the cores; process CPU time / cores is the idle-machine estimate
            long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
            LOG.infof(
                    "TopicBench: process CPU %d ms (%.1f s per core on %d cores); system load average %.1f -> %.1f",
                    cpuMs,
                    cpuMs / 1000.0 / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(),
                    load0,
                    os.getSystemLoadAverage());
            double nmi = ClusterScores.nmi(
                    result.assignments(),
                    data.stream().map(d -> d.labels().get(0)).toList());
            LOG.infof(
                    "TopicBench: %d texts, %d cores, encoder load %d ms; end to end %d ms; stages %s; %d topics, "
                            + "NMI %.4f",
                    texts.size(),
                    Runtime.getRuntime().availableProcessors(),
                    loaded,
                    total,
                    result.stageMillis(),
                    result.topics().size(),
                    nmi);
            reductionAgainstUmap(model, texts, result, params, data);
        }
        // baseline in the same run: the batched encoder (32 texts per pass, 2 ONNX threads), faster per text but
        // its int8 activation scale spans the batch, so a text's vector depends on its batch-mates
        try (SentenceEncoder batched =
                        new SentenceEncoder(EncoderSpec.miniLmQuantized().withBatch(32, 2));
                SentenceEncoder alone = new SentenceEncoder(EncoderSpec.miniLmQuantized())) {
            batched.embed(texts.subList(0, Math.min(200, texts.size())));
            alone.embed(texts.subList(0, Math.min(200, texts.size())));
            long t0 = System.nanoTime();
            batched.embed(texts);
            long batchedMs = (System.nanoTime() - t0) / 1_000_000;
            long t1 = System.nanoTime();
            alone.embed(texts);
            long aloneMs = (System.nanoTime() - t1) / 1_000_000;
            LOG.infof(
                    "TopicBench: embedding %d texts one per pass (service default) %d ms vs batched 32 per pass "
                            + "%d ms: throughput ratio %.2f",
                    texts.size(), aloneMs, batchedMs, batchedMs / (double) aloneMs);
        }
    }
}
