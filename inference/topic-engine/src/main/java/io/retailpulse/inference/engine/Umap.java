package io.retailpulse.inference.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * UMAP (McInnes, Healy and Melville 2018), the reduction BERTopic clusters on: a fuzzy k-nearest-neighbour graph
 * under cosine distance, laid out in a few dimensions by stochastic gradient descent with negative sampling. It
 * follows umap-learn's defaults for topic modelling ({@code min_dist=0}, {@code spread=1}, 5 negative samples per
 * edge, learning rate 1 decaying linearly) with a PCA start instead of the spectral one. Dense regions stay dense
 * and the gaps between them widen, which is what HDBSCAN cuts along.
 *
 * <p>Deterministic for a given seed: the layout runs on one thread (the neighbour search in parallel).
 */
public final class Umap {
    /** The curve 1 / (1 + a d^2b) fitted to min_dist 0, spread 1 (umap-learn's find_ab_params). */
    private static final double A = 1.9328;

    private static final double B = 0.7905;
    private static final int NEGATIVE_SAMPLES = 5;
    private static final double CLIP = 4.0;

    private Umap() {}

    /** umap-learn's default number of epochs: 500 up to 10,000 points, 200 above. */
    public static int defaultEpochs(int points) {
        return points <= 10_000 ? 500 : 200;
    }

    /**
     * Lays the rows of {@code x} out in {@code components} dimensions. The first {@code components} columns are the
     * starting layout, so pass PCA scores (largest variance first). No more rows than {@code neighbours} come back as
     * they are.
     *
     * @param neighbours the k of the neighbour graph, the point itself counted (umap-learn's n_neighbors)
     * @param epochs     passes of gradient descent ({@link #defaultEpochs})
     */
    public static float[][] embed(float[][] x, int components, int neighbours, int epochs, long seed) {
        int n = x.length;
        if (n <= neighbours || components >= x[0].length) {
            return x;
        }
        int k = neighbours - 1;
        float[][] unit = new float[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = Vectors.normalize(x[i].clone());
        }
        int[][] knn = new int[n][k];
        float[][] dist = new float[n][k];
        IntStream.range(0, n).parallel().forEach(i -> nearest(unit, i, knn[i], dist[i]));
        Graph graph = graph(knn, dist, neighbours);
        float[][] layout = start(x, components, new SplittableRandom(seed));
        optimise(layout, graph, epochs, new SplittableRandom(seed + 1));
        return layout;
    }

    /** The {@code k} rows most cosine-similar to row {@code i} (itself excluded), nearest first. */
    private static void nearest(float[][] unit, int i, int[] who, float[] dist) {
        int k = who.length;
        Arrays.fill(dist, Float.MAX_VALUE);
        for (int j = 0; j < unit.length; j++) {
            if (j == i) {
                continue;
            }
            float d = Math.max(0f, 1f - Vectors.dot(unit[i], unit[j]));
            if (d < dist[k - 1]) {
                int p = k - 1;
                while (p > 0 && dist[p - 1] > d) {
                    dist[p] = dist[p - 1];
                    who[p] = who[p - 1];
                    p--;
                }
                dist[p] = d;
                who[p] = j;
            }
        }
    }

    /** Symmetric fuzzy edge weights, both directions listed (umap-learn's fuzzy_simplicial_set). */
    record Graph(int[] head, int[] tail, double[] weight) {}

    static Graph graph(int[][] knn, float[][] dist, int neighbours) {
        int n = knn.length;
        double target = Math.log(neighbours) / Math.log(2);
        Map<Long, Double> directed = new HashMap<>(n * knn[0].length * 2);
        for (int i = 0; i < n; i++) {
            float[] d = dist[i];
            double rho = 0;
            for (float v : d) {
                if (v > 0) {
                    rho = v;
                    break;
                }
            }
            double sigma = sigma(d, rho, target);
            for (int j = 0; j < d.length; j++) {
                double w = d[j] - rho <= 0 || sigma == 0 ? 1.0 : Math.exp(-(d[j] - rho) / sigma);
                directed.put(key(i, knn[i][j]), w);
            }
        }
        Map<Long, Double> symmetric = new HashMap<>(directed.size() * 2);
        directed.forEach((edge, w) -> {
            int i = (int) (edge >>> 32);
            int j = (int) (long) edge;
            double back = directed.getOrDefault(key(j, i), 0.0);
            double union = w + back - w * back;
            symmetric.put(edge, union);
            symmetric.put(key(j, i), union);
        });
        long[] edges =
                symmetric.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        int[] head = new int[edges.length];
        int[] tail = new int[edges.length];
        double[] weight = new double[edges.length];
        for (int e = 0; e < edges.length; e++) {
            head[e] = (int) (edges[e] >>> 32);
            tail[e] = (int) edges[e];
            weight[e] = symmetric.get(edges[e]);
        }
        return new Graph(head, tail, weight);
    }

    private static long key(int i, int j) {
        return (long) i << 32 | j;
    }

    /** The bandwidth that gives a point an effective {@code target} neighbours (binary search, as umap-learn). */
    private static double sigma(float[] d, double rho, double target) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double mid = 1;
        for (int iter = 0; iter < 64; iter++) {
            double sum = 0;
            for (float v : d) {
                double gap = v - rho;
                sum += gap > 0 ? Math.exp(-gap / mid) : 1.0;
            }
            if (Math.abs(sum - target) < 1e-5) {
                break;
            }
            if (sum > target) {
                hi = mid;
                mid = (lo + hi) / 2;
            } else {
                lo = mid;
                mid = Double.isInfinite(hi) ? mid * 2 : (lo + hi) / 2;
            }
        }
        double mean = 0;
        for (float v : d) {
            mean += v;
        }
        mean /= d.length;
        return rho > 0 ? Math.max(mid, 1e-3 * mean) : mid;
    }

    /** The leading columns scaled to [0, 10] plus a little noise (umap-learn's PCA start). */
    private static float[][] start(float[][] x, int components, SplittableRandom random) {
        int n = x.length;
        float[][] y = new float[n][components];
        for (int c = 0; c < components; c++) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float[] row : x) {
                min = Math.min(min, row[c]);
                max = Math.max(max, row[c]);
            }
            float range = max > min ? max - min : 1f;
            for (int i = 0; i < n; i++) {
                y[i][c] = 10f * (x[i][c] - min) / range + (float) (random.nextDouble() - 0.5) * 1e-4f;
            }
        }
        return y;
    }

    /** umap-learn's optimize_layout_euclidean, single-threaded: attraction along edges, repulsion from random points. */
    private static void optimise(float[][] y, Graph g, int epochs, SplittableRandom random) {
        int edges = g.head().length;
        double max = Arrays.stream(g.weight()).max().orElse(1);
        double[] perSample = new double[edges];
        for (int e = 0; e < edges; e++) {
            // edges too weak to be sampled once in the whole run are dropped, as umap-learn does
            perSample[e] = g.weight()[e] < max / epochs ? -1 : max / g.weight()[e];
        }
        double[] nextSample = perSample.clone();
        double[] perNegative = new double[edges];
        double[] nextNegative = new double[edges];
        for (int e = 0; e < edges; e++) {
            perNegative[e] = perSample[e] / NEGATIVE_SAMPLES;
            nextNegative[e] = perNegative[e];
        }
        int dims = y[0].length;
        int n = y.length;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double alpha = 1.0 - (double) epoch / epochs;
            for (int e = 0; e < edges; e++) {
                if (perSample[e] <= 0 || nextSample[e] > epoch) {
                    continue;
                }
                float[] current = y[g.head()[e]];
                float[] other = y[g.tail()[e]];
                double d2 = Vectors.squaredDistance(current, other);
                if (d2 > 0) {
                    double coeff = -2.0 * A * B * Math.pow(d2, B - 1.0) / (A * Math.pow(d2, B) + 1.0);
                    for (int d = 0; d < dims; d++) {
                        double grad = clip(coeff * (current[d] - other[d])) * alpha;
                        current[d] += (float) grad;
                        other[d] -= (float) grad;
                    }
                }
                nextSample[e] += perSample[e];
                int negatives = (int) ((epoch - nextNegative[e]) / perNegative[e]);
                for (int s = 0; s < negatives; s++) {
                    int j = random.nextInt(n);
                    if (j == g.head()[e]) {
                        continue;
                    }
                    float[] away = y[j];
                    double n2 = Vectors.squaredDistance(current, away);
                    double coeff = n2 > 0 ? 2.0 * B / ((0.001 + n2) * (A * Math.pow(n2, B) + 1.0)) : 0;
                    for (int d = 0; d < dims; d++) {
                        double grad = coeff > 0 ? clip(coeff * (current[d] - away[d])) : CLIP;
                        current[d] += (float) (grad * alpha);
                    }
                }
                nextNegative[e] += negatives * perNegative[e];
            }
        }
    }

    private static double clip(double v) {
        return Math.max(-CLIP, Math.min(CLIP, v));
    }
}
