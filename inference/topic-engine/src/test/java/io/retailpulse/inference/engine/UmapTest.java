package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UmapTest {
    private static final int PER_GROUP = 60;

    /** Three groups pointing three different ways in 16 dimensions (cosine tells them apart), noisy. */
    private static float[][] groups(long seed) {
        Random r = new Random(seed);
        float[][] x = new float[3 * PER_GROUP][16];
        for (int g = 0; g < 3; g++) {
            for (int i = 0; i < PER_GROUP; i++) {
                float[] p = x[g * PER_GROUP + i];
                for (int d = 0; d < p.length; d++) {
                    p[d] = (float) (r.nextGaussian() * 0.4 + (d % 3 == g ? 2 : 0));
                }
            }
        }
        return x;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return Math.sqrt(s);
    }

    @Test
    void laysGroupsOutApartWithEveryPointBesideItsOwnGroup() {
        float[][] x = groups(1);
        float[][] y = Umap.embed(x, 2, 15, 200, 7);
        assertEquals(x.length, y.length);
        assertEquals(2, y[0].length);
        int besideOwn = 0;
        for (int i = 0; i < y.length; i++) {
            int nearest = -1;
            double best = Double.MAX_VALUE;
            for (int j = 0; j < y.length; j++) {
                if (j != i && distance(y[i], y[j]) < best) {
                    best = distance(y[i], y[j]);
                    nearest = j;
                }
            }
            besideOwn += nearest / PER_GROUP == i / PER_GROUP ? 1 : 0;
        }
        assertEquals(y.length, besideOwn, "points whose nearest layout neighbour is in their own group");
        // the gap between groups is wider than a group: HDBSCAN can then cut there
        double within = 0;
        double between = Double.MAX_VALUE;
        float[][] centre = new float[3][2];
        for (int i = 0; i < y.length; i++) {
            centre[i / PER_GROUP][0] += y[i][0] / PER_GROUP;
            centre[i / PER_GROUP][1] += y[i][1] / PER_GROUP;
        }
        for (int i = 0; i < y.length; i++) {
            within = Math.max(within, distance(y[i], centre[i / PER_GROUP]));
        }
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                between = Math.min(between, distance(centre[a], centre[b]));
            }
        }
        assertTrue(between > within, "closest group centres " + between + " apart, widest group radius " + within);
    }

    @Test
    void topicModelClustersTheUmapLayoutWhenAskedAndFindsTheGroups() {
        float[][] x = groups(4);
        for (float[] row : x) {
            Vectors.normalize(row);
        }
        java.util.List<String> texts = java.util.stream.IntStream.range(0, x.length)
                .mapToObj(i -> "group" + i / PER_GROUP + " text")
                .toList();
        TopicParams params = new TopicParams(10, 5, 8, 0.0, 5, 1.0, 1.1, 2);
        java.util.Map<String, Long> millis = new java.util.LinkedHashMap<>();
        TopicResult result = new TopicModel(null).cluster(texts, x, params, millis);
        assertEquals(3, result.topics().size());
        for (int g = 0; g < 3; g++) {
            int topic = result.assignments()[g * PER_GROUP];
            for (int i = g * PER_GROUP; i < (g + 1) * PER_GROUP; i++) {
                assertEquals(topic, result.assignments()[i], "document " + i + " of group " + g);
            }
        }
        assertTrue(millis.containsKey("reduce") && millis.containsKey("cluster"));
    }

    @Test
    void sameSeedSameLayoutOtherSeedAnother() {
        float[][] x = groups(2);
        float[][] first = Umap.embed(x, 3, 15, 100, 11);
        float[][] again = Umap.embed(x, 3, 15, 100, 11);
        float[][] other = Umap.embed(x, 3, 15, 100, 12);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(first[i], again[i]);
        }
        boolean differs = false;
        for (int i = 0; i < x.length && !differs; i++) {
            differs = first[i][0] != other[i][0];
        }
        assertTrue(differs, "another seed draws other negative samples");
    }

    @Test
    void tooFewPointsForTheNeighbourGraphAreReturnedAsTheyAre() {
        float[][] x = java.util.Arrays.copyOf(groups(3), 10);
        assertSame(x, Umap.embed(x, 2, 15, 200, 7));
    }

    @Test
    void fuzzyGraphIsSymmetricWithTheNearestNeighbourFullyConnected() {
        int[][] knn = {{1, 2}, {0, 2}, {1, 0}};
        float[][] dist = {{0.1f, 0.5f}, {0.1f, 0.3f}, {0.3f, 0.5f}};
        Umap.Graph g = Umap.graph(knn, dist, 3);
        java.util.Map<Long, Double> w = new java.util.HashMap<>();
        for (int e = 0; e < g.head().length; e++) {
            w.put((long) g.head()[e] << 32 | g.tail()[e], g.weight()[e]);
        }
        assertEquals(6, w.size(), "every pair, both ways");
        for (int e = 0; e < g.head().length; e++) {
            assertEquals(g.weight()[e], w.get((long) g.tail()[e] << 32 | g.head()[e]), 1e-12);
            assertTrue(g.weight()[e] > 0 && g.weight()[e] <= 1, "weight " + g.weight()[e]);
        }
        // a point's nearest neighbour gets membership 1 (distance minus rho is 0)
        assertEquals(1.0, w.get(0L << 32 | 1), 1e-12);
        assertEquals(1.0, w.get(2L << 32 | 1), 1e-12);
    }
}
