package io.retailpulse.inference.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The BERTopic-style engine, built from named steps: {@link Embedder embed} → {@link Reducer reduce} (PCA, UMAP) →
 * {@link Clusterer cluster} (HDBSCAN) → {@link Merger merge} → outlier reassignment by neighbour vote →
 * {@link Representer represent} (key phrases and a label, representative documents). Each step is swappable
 * ({@link #builder(Embedder)}); {@link #fit} finds topics, {@link #transform} assigns new documents to them.
 * Stateless apart from its steps; blocking and CPU-bound (worker threads only).
 */
public final class TopicModel {
    private static final int CHUNK = 256;
    private static final int REPRESENTATIVES = 3;
    /** Clustered neighbours that vote on an outlier's topic (CFPB's elected top 3 was the same from 5 to 30). */
    static final int NEIGHBOURS = 15;

    private final Embedder embedder;
    private final Reducer reducer;
    private final Clusterer clusterer;
    private final Merger merger;
    private final Representer representer;

    /** The default steps (PCA then optional UMAP, HDBSCAN, merge by centroid similarity, key phrases) over {@code embedder}. */
    public TopicModel(Embedder embedder) {
        this(builder(embedder));
    }

    private TopicModel(Builder b) {
        this.embedder = b.embedder;
        this.reducer = b.reducer;
        this.clusterer = b.clusterer;
        this.merger = b.merger;
        this.representer = b.representer;
    }

    /** Default steps, each replaceable before {@link Builder#build()}. */
    public static Builder builder(Embedder embedder) {
        return new Builder(embedder);
    }

    /** The steps of a {@link TopicModel}. */
    public static final class Builder {
        private final Embedder embedder;
        private Reducer reducer = Reducer.pcaThenUmap();
        private Clusterer clusterer = Clusterer.hdbscan();
        private Merger merger = Merger.bySimilarity();
        private Representer representer = Representer.keyPhrases();

        private Builder(Embedder embedder) {
            this.embedder = embedder;
        }

        public Builder reducer(Reducer reducer) {
            this.reducer = reducer;
            return this;
        }

        public Builder clusterer(Clusterer clusterer) {
            this.clusterer = clusterer;
            return this;
        }

        public Builder merger(Merger merger) {
            this.merger = merger;
            return this;
        }

        public Builder representer(Representer representer) {
            this.representer = representer;
            return this;
        }

        public TopicModel build() {
            return new TopicModel(this);
        }
    }

    public Embedder embedder() {
        return embedder;
    }

    public TopicResult fit(List<String> texts, TopicParams params) {
        return fit(texts, params, done -> {});
    }

    /** Embeds and clusters {@code texts}; {@code progress} hears the number of documents embedded so far. */
    public TopicResult fit(List<String> texts, TopicParams params, IntConsumer progress) {
        return fit(texts, texts, Set.of(), params, progress);
    }

    /**
     * Embeds and clusters {@code texts}; keywords and labels read {@code labelTexts} (the same documents, e.g. as
     * written where {@code texts} had names masked for the encoder) and never hold one of {@code names} (stores,
     * places, people, brands found in the texts, {@link Representer.Input#names()}).
     */
    public TopicResult fit(
            List<String> texts, List<String> labelTexts, Set<String> names, TopicParams params, IntConsumer progress) {
        if (labelTexts.size() != texts.size()) {
            throw new IllegalArgumentException(
                    "labelTexts has " + labelTexts.size() + " documents, texts " + texts.size());
        }
        Map<String, Long> millis = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        float[][] embeddings = embed(texts, progress);
        millis.put("embed", ms(t0));
        return cluster(labelTexts, embeddings, params, millis, names);
    }

    /** Clusters documents already embedded (unit-length rows), skipping the embed step. */
    public TopicResult fit(List<String> texts, float[][] embeddings, TopicParams params) {
        return cluster(texts, embeddings, params, new LinkedHashMap<>());
    }

    /** Step 1, in chunks so that {@code progress} moves during a long run. */
    private float[][] embed(List<String> texts, IntConsumer progress) {
        float[][] embeddings = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += CHUNK) {
            int to = Math.min(texts.size(), from + CHUNK);
            float[][] part = embedder.embed(texts.subList(from, to));
            System.arraycopy(part, 0, embeddings, from, part.length);
            progress.accept(to);
        }
        return embeddings;
    }

    /** Steps 2-5 over documents already embedded (unit-length rows); {@code millis} gets the time per step. */
    public TopicResult cluster(List<String> texts, float[][] embeddings, TopicParams params, Map<String, Long> millis) {
        return cluster(texts, embeddings, params, millis, Set.of());
    }

    /** Steps 2-5; {@code texts} are what keywords and labels read, never holding one of {@code names}. */
    public TopicResult cluster(
            List<String> texts, float[][] embeddings, TopicParams params, Map<String, Long> millis, Set<String> names) {
        long t1 = System.nanoTime();
        float[][] centred = Vectors.centred(embeddings);
        float[][] reduced = reducer.reduce(centred, params);
        millis.put("reduce", ms(t1));
        long t2 = System.nanoTime();
        int[] raw = clusterer.cluster(reduced, params);
        millis.put("cluster", ms(t2));
        long t3 = System.nanoTime();
        int[] labels = bySize(merger.merge(centred, raw, params));
        int k = IntStream.of(labels).max().orElse(-1) + 1;
        reassignOutliers(centred, labels, k, params.outlierThreshold(), NEIGHBOURS);
        // outliers joined topics unevenly: number by final size again, so topic 0 is still the largest
        labels = bySize(labels);
        // raw-space centroids are what real-time matching and week-to-week tracking compare (no per-run mean needed)
        float[][] centroids = centroids(embeddings, labels, k);
        float[][] centredCentroids = centroids(centred, labels, k);
        List<List<String>> docs = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            docs.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                docs.get(labels[i]).add(texts.get(i));
            }
        }
        List<Representer.Representation> represented = representer.represent(new Representer.Input(
                docs,
                centredCentroids,
                embeddings.length == 0 ? null : Vectors.mean(embeddings),
                embedder,
                params,
                names));
        List<Topic> topics = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            Representer.Representation r = represented.get(c);
            topics.add(new Topic(
                    c,
                    r.label(),
                    r.keywords(),
                    docs.get(c).size(),
                    centroids[c],
                    representatives(centred, labels, c, centredCentroids[c])));
        }
        millis.put("represent", ms(t3));
        return new TopicResult(topics, labels, embeddings, millis);
    }

    /**
     * Step 5 again on fitted topics, from only the documents {@code include} marks: the service names a complaint
     * topic by its unhappy posts, since a topic about stock holds "back in stock!!" beside "out of stock again" and
     * only the second is the complaint. Centroids are those of the included members (corpus mean removed); a topic
     * without included documents gets an empty representation ("misc").
     */
    public List<Representer.Representation> represent(
            List<String> texts, TopicResult fitted, boolean[] include, TopicParams params) {
        return represent(texts, fitted, include, params, Set.of());
    }

    /** {@link #represent(List, TopicResult, boolean[], TopicParams)} keeping {@code names} out of the labels. */
    public List<Representer.Representation> represent(
            List<String> texts, TopicResult fitted, boolean[] include, TopicParams params, Set<String> names) {
        int k = fitted.topics().size();
        float[][] centred = Vectors.centred(fitted.embeddings());
        List<List<String>> docs = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            docs.add(new ArrayList<>());
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < texts.size(); i++) {
            int t = fitted.assignments()[i];
            if (t >= 0 && include[i]) {
                docs.get(t).add(texts.get(i));
                members.get(t).add(i);
            }
        }
        float[][] centroids = new float[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = members.get(c).isEmpty()
                    ? new float[centred.length == 0 ? 0 : centred[0].length]
                    : Vectors.centroid(
                            centred,
                            members.get(c).stream().mapToInt(Integer::intValue).toArray());
        }
        return representer.represent(new Representer.Input(
                docs,
                centroids,
                fitted.embeddings().length == 0 ? null : Vectors.mean(fitted.embeddings()),
                embedder,
                params,
                names));
    }

    /**
     * The topic of each new document (unit-length {@code embeddings}): the nearest of {@code topics}' centroids, or
     * {@code -1} below {@code minSimilarity}.
     */
    public static int[] transform(float[][] embeddings, List<Topic> topics, double minSimilarity) {
        float[][] centroids = topics.stream().map(Topic::centroid).toArray(float[][]::new);
        int[] out = new int[embeddings.length];
        for (int i = 0; i < embeddings.length; i++) {
            int best = centroids.length == 0 ? -1 : nearest(embeddings[i], centroids);
            out[i] = best >= 0 && Vectors.dot(embeddings[i], centroids[best]) >= minSimilarity ? best : -1;
        }
        return out;
    }

    /** Renumbers clusters so that 0 is the largest (ties by first member), keeping -1. */
    static int[] bySize(int[] raw) {
        int k = IntStream.of(raw).max().orElse(-1) + 1;
        int[] size = new int[k];
        for (int r : raw) {
            if (r >= 0) {
                size[r]++;
            }
        }
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer c) -> -size[c]));
        int[] rank = new int[k];
        for (int i = 0; i < k; i++) {
            rank[order[i]] = i;
        }
        return IntStream.of(raw).map(r -> r < 0 ? -1 : rank[r]).toArray();
    }

    private static float[][] centroids(float[][] embeddings, int[] labels, int k) {
        float[][] c = new float[k][];
        for (int t = 0; t < k; t++) {
            final int topic = t;
            c[t] = Vectors.centroid(
                    embeddings,
                    IntStream.range(0, labels.length)
                            .filter(i -> labels[i] == topic)
                            .toArray());
        }
        return c;
    }

    /**
     * HDBSCAN-style approximate prediction: an outlier joins the topic that most of its {@link #NEIGHBOURS} most
     * similar clustered documents belong to, when its mean similarity to those neighbours reaches
     * {@code threshold}. Voting by neighbours, not by the nearest centroid, keeps a broad topic (whose centroid
     * sits between its themes) from swallowing the outliers of a narrower neighbour. Most CFPB narratives are
     * HDBSCAN outliers, so this rule largely decides topic sizes there (BANKING77 NMI 0.781 → 0.785).
     */
    static void reassignOutliers(float[][] embeddings, int[] labels, int topics, double threshold, int neighbours) {
        int[] members =
                IntStream.range(0, labels.length).filter(i -> labels[i] >= 0).toArray();
        if (members.length == 0 || topics == 0) {
            return;
        }
        int k = Math.min(neighbours, members.length);
        int[] joined = new int[labels.length];
        IntStream.range(0, labels.length).parallel().forEach(i -> {
            joined[i] = labels[i] >= 0 ? labels[i] : vote(embeddings, labels, members, i, k, topics, threshold);
        });
        System.arraycopy(joined, 0, labels, 0, labels.length);
    }

    private static int vote(
            float[][] embeddings, int[] labels, int[] members, int i, int k, int topics, double threshold) {
        float[] best = new float[k];
        int[] who = new int[k];
        java.util.Arrays.fill(best, -Float.MAX_VALUE);
        for (int m : members) {
            float s = Vectors.dot(embeddings[i], embeddings[m]);
            if (s > best[k - 1]) {
                int p = k - 1;
                while (p > 0 && best[p - 1] < s) {
                    best[p] = best[p - 1];
                    who[p] = who[p - 1];
                    p--;
                }
                best[p] = s;
                who[p] = m;
            }
        }
        int[] votes = new int[topics];
        double[] similarity = new double[topics];
        for (int j = 0; j < k; j++) {
            votes[labels[who[j]]]++;
            similarity[labels[who[j]]] += best[j];
        }
        int winner = 0;
        for (int t = 1; t < topics; t++) {
            if (votes[t] > votes[winner] || votes[t] == votes[winner] && similarity[t] > similarity[winner]) {
                winner = t;
            }
        }
        return similarity[winner] / votes[winner] >= threshold ? winner : -1;
    }

    /** Index of the row of {@code centroids} with the largest dot product (cosine on unit vectors). */
    public static int nearest(float[] v, float[][] centroids) {
        int best = 0;
        float bestSim = -Float.MAX_VALUE;
        for (int c = 0; c < centroids.length; c++) {
            float s = Vectors.dot(v, centroids[c]);
            if (s > bestSim) {
                bestSim = s;
                best = c;
            }
        }
        return best;
    }

    private static int[] representatives(float[][] embeddings, int[] labels, int topic, float[] centroid) {
        return IntStream.range(0, labels.length)
                .filter(i -> labels[i] == topic)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -Vectors.dot(embeddings[i], centroid)))
                .limit(REPRESENTATIVES)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
