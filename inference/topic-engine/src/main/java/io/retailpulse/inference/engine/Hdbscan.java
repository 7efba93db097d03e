package io.retailpulse.inference.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

/**
 * HDBSCAN (Campello et al. 2013) with excess-of-mass cluster selection, in O(n) memory: core distances by
 * brute-force k-NN, Prim's minimum spanning tree on the mutual-reachability distance (no n×n matrix), single
 * linkage, condensed tree, stability. Written here because Tribuo's trainer keeps an n×n distance matrix
 * (800 MB at 10,000 documents) and Smile/ELKI are GPL/AGPL.
 */
public final class Hdbscan {
    /** Points that belong to no cluster. */
    public static final int NOISE = -1;

    private final int minClusterSize;
    private final int minSamples;
    private final double maxClusterShare;

    /**
     * @param maxClusterShare a cluster holding more than this share of the points is never selected (its
     *                        children are): hdbscan's max_cluster_size, which keeps weakly structured data from
     *                        collapsing into two or three giant topics
     */
    public Hdbscan(int minClusterSize, int minSamples, double maxClusterShare) {
        this.minClusterSize = Math.max(2, minClusterSize);
        this.minSamples = Math.max(1, minSamples);
        this.maxClusterShare = maxClusterShare;
    }

    /** A label per point: 0..k-1, or {@link #NOISE}. */
    public int[] cluster(float[][] x) {
        int n = x.length;
        int[] labels = new int[n];
        Arrays.fill(labels, NOISE);
        if (n < minClusterSize) {
            return labels;
        }
        double[] core = coreDistances(x);
        double[][] mst = primMst(x, core);
        Arrays.sort(mst, (a, b) -> Double.compare(a[2], b[2]));
        return label(n, mst);
    }

    private double[] coreDistances(float[][] x) {
        int n = x.length;
        int k = Math.min(minSamples, n - 1);
        double[] core = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            // k smallest distances to other points (self excluded: sklearn counts self, so k-1 others +1 self)
            float[] best = new float[k];
            Arrays.fill(best, Float.MAX_VALUE);
            float[] xi = x[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                float dist = Vectors.squaredDistance(xi, x[j]);
                if (dist < best[k - 1]) {
                    int p = k - 1;
                    while (p > 0 && best[p - 1] > dist) {
                        best[p] = best[p - 1];
                        p--;
                    }
                    best[p] = dist;
                }
            }
            core[i] = minSamples <= 1 ? 0 : Math.sqrt(best[Math.max(0, k - 2)]);
        });
        return core;
    }

    /** Edges {from, to, weight} of the MST under mutual reachability max(core_i, core_j, d(i,j)). */
    private static double[][] primMst(float[][] x, double[] core) {
        int n = x.length;
        boolean[] in = new boolean[n];
        double[] dist = new double[n];
        int[] from = new int[n];
        Arrays.fill(dist, Double.MAX_VALUE);
        double[][] edges = new double[n - 1][];
        int current = 0;
        in[0] = true;
        for (int e = 0; e < n - 1; e++) {
            final int c = current;
            float[] xc = x[c];
            double cc = core[c];
            IntStream.range(0, n).parallel().forEach(j -> {
                if (in[j]) {
                    return;
                }
                double d = Math.max(Math.sqrt(Vectors.squaredDistance(xc, x[j])), Math.max(cc, core[j]));
                if (d < dist[j]) {
                    dist[j] = d;
                    from[j] = c;
                }
            });
            int next = -1;
            double nextDist = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                if (!in[j] && dist[j] < nextDist) {
                    nextDist = dist[j];
                    next = j;
                }
            }
            in[next] = true;
            edges[e] = new double[] {from[next], next, nextDist};
            current = next;
        }
        return edges;
    }

    /** Single linkage from sorted MST edges, then the condensed tree and excess-of-mass selection. */
    private int[] label(int n, double[][] edges) {
        int nodes = 2 * n - 1;
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        double[] height = new double[nodes];
        int[] size = new int[nodes];
        Arrays.fill(size, 0, n, 1);
        int[] parent = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            parent[i] = i;
        }
        for (int e = 0; e < edges.length; e++) {
            int a = find(parent, (int) edges[e][0]);
            int b = find(parent, (int) edges[e][1]);
            int node = n + e;
            left[node] = a;
            right[node] = b;
            height[node] = edges[e][2];
            size[node] = size[a] + size[b];
            parent[a] = node;
            parent[b] = node;
        }
        return condenseAndSelect(n, nodes - 1, left, right, height, size);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private int[] condenseAndSelect(int n, int root, int[] left, int[] right, double[] height, int[] size) {
        // condensed clusters: parent, birth lambda, stability; points: the cluster they fell out of, and when
        List<Integer> clusterParent = new ArrayList<>();
        List<Double> birth = new ArrayList<>();
        List<Double> stability = new ArrayList<>();
        List<Integer> clusterSize = new ArrayList<>();
        int[] pointCluster = new int[n];
        clusterSize.add(n);
        clusterParent.add(-1);
        birth.add(0.0);
        stability.add(0.0);
        int[] relabel = new int[2 * n - 1];
        relabel[root] = 0;
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            int c = relabel[node];
            if (node < n) {
                pointCluster[node] = c;
                continue;
            }
            double lambda = lambda(height[node]);
            int l = left[node];
            int r = right[node];
            boolean bigL = size[l] >= minClusterSize;
            boolean bigR = size[r] >= minClusterSize;
            if (bigL && bigR) {
                for (int child : new int[] {l, r}) {
                    int id = clusterParent.size();
                    clusterParent.add(c);
                    clusterSize.add(size[child]);
                    birth.add(lambda);
                    stability.add(0.0);
                    stability.set(c, stability.get(c) + (lambda - birth.get(c)) * size[child]);
                    relabel[child] = id;
                    queue.add(child);
                }
            } else {
                for (int child : new int[] {l, r}) {
                    if (size[child] >= minClusterSize) {
                        relabel[child] = c;
                        queue.add(child);
                    } else {
                        fallOut(child, c, lambda, birth.get(c), n, left, right, pointCluster, stability);
                    }
                }
            }
        }
        int maxSize = maxClusterShare >= 1 ? n : (int) Math.max(minClusterSize, Math.floor(maxClusterShare * n));
        return select(n, clusterParent, stability, clusterSize, maxSize, pointCluster);
    }

    /** Every point under {@code node} leaves cluster {@code c} at {@code lambda}. */
    private static void fallOut(
            int node,
            int c,
            double lambda,
            double birth,
            int n,
            int[] left,
            int[] right,
            int[] pointCluster,
            List<Double> stability) {
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(node);
        int count = 0;
        while (!stack.isEmpty()) {
            int v = stack.pop();
            if (v < n) {
                pointCluster[v] = c;
                count++;
            } else {
                stack.push(left[v]);
                stack.push(right[v]);
            }
        }
        stability.set(c, stability.get(c) + (lambda - birth) * count);
    }

    private static double lambda(double distance) {
        return distance > 1e-12 ? 1.0 / distance : 1e12;
    }

    private static int[] select(
            int n,
            List<Integer> clusterParent,
            List<Double> stabilityList,
            List<Integer> clusterSize,
            int maxSize,
            int[] pointCluster) {
        int k = clusterParent.size();
        double[] stability =
                stabilityList.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] selected = new boolean[k];
        double[] childSum = new double[k];
        // children always have larger ids than their parent: bottom-up is descending id order; the root is never
        // selected (a single cluster of everything is no topic)
        for (int c = k - 1; c >= 1; c--) {
            boolean hasChildren = childSum[c] > 0;
            if (childSum[c] > stability[c] || (hasChildren && clusterSize.get(c) > maxSize)) {
                stability[c] = childSum[c];
            } else {
                selected[c] = true;
            }
            childSum[clusterParent.get(c)] += stability[c];
        }
        int[] chosen = new int[k];
        Arrays.fill(chosen, -1);
        int next = 0;
        int[] outLabel = new int[k];
        for (int c = 1; c < k; c++) {
            int p = clusterParent.get(c);
            if (chosen[p] >= 0) {
                chosen[c] = chosen[p];
            } else if (selected[c]) {
                chosen[c] = c;
                outLabel[c] = next++;
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = chosen[pointCluster[i]];
            labels[i] = c < 0 ? NOISE : outLabel[c];
        }
        return labels;
    }
}
