package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outliers join the topic their nearest clustered documents vote for, not the topic with the nearest centroid. */
class OutlierReassignmentTest {
    private static float[] at(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }

    /**
     * Topic 0: 20 documents at 0°. Topic 1 is broad: 12 documents at 35-46° and 30 at 150-179°, so its centroid
     * points far away (near 125°). An outlier at 30° is nearer topic 0's centroid, but its 15 nearest documents are
     * 12 of topic 1 and 3 of topic 0.
     */
    private static List<float[]> points(List<Integer> labels) {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(at(-1 + i * 0.1));
            labels.add(0);
        }
        for (int i = 0; i < 12; i++) {
            rows.add(at(35 + i));
            labels.add(1);
        }
        for (int i = 0; i < 30; i++) {
            rows.add(at(150 + i));
            labels.add(1);
        }
        rows.add(at(30));
        labels.add(-1);
        return rows;
    }

    @Test
    void outlierJoinsTheTopicOfItsNearestDocumentsEvenWhenAnotherCentroidIsCloser() {
        List<Integer> l = new ArrayList<>();
        float[][] x = points(l).toArray(float[][]::new);
        int[] labels = l.stream().mapToInt(Integer::intValue).toArray();
        float[] c0 = Vectors.centroid(x, java.util.stream.IntStream.range(0, 20).toArray());
        float[] c1 =
                Vectors.centroid(x, java.util.stream.IntStream.range(20, 62).toArray());
        // the old nearest-centroid rule would have chosen topic 0
        assertEquals(0, TopicModel.nearest(x[62], new float[][] {c0, c1}));

        TopicModel.reassignOutliers(x, labels, 2, 0.0, 15);

        assertEquals(1, labels[62]);
        assertEquals(0, labels[0]);
        assertEquals(1, labels[20]);
    }

    @Test
    void outlierStaysAnOutlierWhenItsNeighboursAreNotSimilarEnough() {
        List<Integer> l = new ArrayList<>();
        float[][] x = points(l).toArray(float[][]::new);
        int[] labels = l.stream().mapToInt(Integer::intValue).toArray();

        // mean cosine to the 12 voting neighbours at 35-46° is about 0.98
        TopicModel.reassignOutliers(x, labels, 2, 0.99, 15);

        assertEquals(-1, labels[62]);
    }

    @Test
    void nothingToJoinLeavesEveryDocumentAnOutlier() {
        float[][] x = {at(0), at(10)};
        int[] labels = {-1, -1};

        TopicModel.reassignOutliers(x, labels, 0, 0.0, 15);

        assertEquals(-1, labels[0]);
        assertEquals(-1, labels[1]);
    }
}
