package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HdbscanTest {
    private static float[][] blobs(Random r, double[][] centres, int perBlob, double spread) {
        float[][] x = new float[centres.length * perBlob][];
        for (int b = 0; b < centres.length; b++) {
            for (int i = 0; i < perBlob; i++) {
                float[] p = new float[centres[b].length];
                for (int d = 0; d < p.length; d++) {
                    p[d] = (float) (centres[b][d] + r.nextGaussian() * spread);
                }
                x[b * perBlob + i] = p;
            }
        }
        return x;
    }

    @Test
    void findsSeparatedBlobsWithoutBeingToldHowMany() {
        float[][] x = blobs(new Random(1), new double[][] {{0, 0}, {10, 0}, {0, 10}}, 40, 0.5);
        int[] labels = new Hdbscan(10, 5, 1.0).cluster(x);
        for (int b = 0; b < 3; b++) {
            int first = labels[b * 40];
            assertNotEquals(Hdbscan.NOISE, first);
            int blob = b;
            long same = IntStream.range(b * 40, b * 40 + 40)
                    .filter(i -> labels[i] == labels[blob * 40])
                    .count();
            assertTrue(same >= 36, "blob " + b + " kept together: " + same);
        }
        assertEquals(3, IntStream.of(labels).filter(l -> l >= 0).distinct().count());
    }

    @Test
    void farAwayPointIsNoise() {
        float[][] x = blobs(new Random(2), new double[][] {{0, 0}, {10, 10}}, 30, 0.5);
        float[][] withOutlier = java.util.Arrays.copyOf(x, x.length + 1);
        withOutlier[x.length] = new float[] {100, -100};
        int[] labels = new Hdbscan(10, 5, 1.0).cluster(withOutlier);
        assertEquals(Hdbscan.NOISE, labels[x.length]);
    }

    @Test
    void tooFewPointsAreAllNoise() {
        int[] labels = new Hdbscan(10, 5, 1.0).cluster(new float[][] {{0, 0}, {1, 1}, {2, 2}});
        assertTrue(IntStream.of(labels).allMatch(l -> l == Hdbscan.NOISE));
    }

    @Test
    void maxShareSplitsAGiantClusterIntoItsSubClusters() {
        // two tight sub-blobs close together, far from a third: without the cap the pair may be one cluster
        float[][] x = blobs(new Random(3), new double[][] {{0, 0}, {3, 0}, {50, 50}}, 40, 0.4);
        int[] capped = new Hdbscan(10, 5, 0.4).cluster(x);
        assertNotEquals(capped[0], capped[40], "sub-blobs separated under a 40% cap");
    }
}
