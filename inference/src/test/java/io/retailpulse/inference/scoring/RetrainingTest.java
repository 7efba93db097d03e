package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The retraining decision and the incremental softmax regression under it. */
class RetrainingTest {
    private final RetrainPolicy policy = new RetrainPolicy(50, 20, Duration.ofHours(24), 0.1, 0.25, 100, 0.0);
    private final Instant now = Instant.parse("2026-11-22T03:00:00Z");

    private RetrainPolicy.State state(
            int newLabels, int total, Instant last, double refConf, double recentConf, double psi) {
        return new RetrainPolicy.State(newLabels, total, last, now, 500, refConf, recentConf, psi, 0.0);
    }

    @Test
    void eachTriggerFiresOnItsOwnAndNothingFiresWithoutNewLabels() {
        Instant recent = now.minus(Duration.ofHours(1));
        assertEquals("count", policy.trigger(state(50, 60, recent, 0.8, 0.8, 0)).orElseThrow());
        assertEquals(
                "time",
                policy.trigger(state(5, 60, now.minus(Duration.ofHours(25)), 0.8, 0.8, 0))
                        .orElseThrow());
        assertEquals(
                "confidence-drop",
                policy.trigger(state(5, 60, recent, 0.8, 0.65, 0)).orElseThrow());
        assertEquals(
                "drift", policy.trigger(state(5, 60, recent, 0.8, 0.8, 0.3)).orElseThrow());
        assertTrue(policy.trigger(state(5, 60, recent, 0.8, 0.75, 0.1)).isEmpty());
        assertTrue(
                policy.trigger(state(0, 60, now.minus(Duration.ofDays(9)), 0.9, 0.4, 2))
                        .isEmpty(),
                "nothing new to learn");
        assertTrue(
                policy.trigger(state(10, 10, now.minus(Duration.ofDays(9)), 0.9, 0.4, 2))
                        .isEmpty(),
                "too few labels in all");
    }

    @Test
    void aCandidateIsKeptWhenNotWorseAndRejectedWhenWorse() {
        SoftmaxTrainer.Evaluation current = new SoftmaxTrainer.Evaluation(0.70, 0.7, 100, new int[3][3]);
        assertTrue(policy.accept(current, new SoftmaxTrainer.Evaluation(0.70, 0.6, 100, new int[3][3])));
        assertTrue(policy.accept(current, new SoftmaxTrainer.Evaluation(0.75, 0.8, 100, new int[3][3])));
        assertFalse(policy.accept(current, new SoftmaxTrainer.Evaluation(0.69, 0.9, 100, new int[3][3])));
    }

    /** Three Gaussian blobs in 8 dimensions; class c is centred at +2 on feature c, and a shift on feature 5. */
    private static float[][] blobs(int[] y, double shift, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[y.length][8];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 2 : 0) + (j == 5 ? shift * (y[i] - 1) * 3 : 0));
            }
        }
        return x;
    }

    @Test
    void warmStartedTrainingLearnsADomainShiftTheOldHeadMisses() {
        // the old head knows features 0-2; in the new domain the classes are mostly told apart by feature 5
        float[][] w = new float[3][8];
        for (int c = 0; c < 3; c++) {
            w[c][c] = 0.3f;
        }
        SoftmaxTrainer.Weights old = new SoftmaxTrainer.Weights(w, new float[3]);
        int[] yTrain = new int[600];
        float[][] train = blobs(yTrain, 1.0, 1);
        int[] yTest = new int[300];
        float[][] test = blobs(yTest, 1.0, 2);
        // in the new domain features 0-2 carry no signal any more: the old head is near chance
        Random noise = new Random(3);
        for (float[][] xs : new float[][][] {train, test}) {
            for (float[] xi : xs) {
                for (int j = 0; j < 3; j++) {
                    xi[j] = (float) noise.nextGaussian();
                }
            }
        }
        SoftmaxTrainer.Evaluation before = SoftmaxTrainer.evaluate(old, test, yTest);
        SoftmaxTrainer.Weights retrained =
                SoftmaxTrainer.train(old, train, yTrain, new SoftmaxTrainer.Options(200, 0.05, 1e-3));
        SoftmaxTrainer.Evaluation after = SoftmaxTrainer.evaluate(retrained, test, yTest);
        assertTrue(
                after.macroRecall() > before.macroRecall() + 0.15,
                "before " + before.macroRecall() + " after " + after.macroRecall());
        assertTrue(policy.accept(before, after));
        assertEquals(0.3f, old.weight()[0][0], "the starting head is not modified in place");
        float[] p = retrained.probabilities(test[0]);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
    }

    @Test
    void macroRecallAveragesThePerClassRecalls() {
        float[][] w = {{1, 0}, {0, 1}, {0, 0}};
        SoftmaxTrainer.Weights head = new SoftmaxTrainer.Weights(w, new float[] {0, 0, -5});
        float[][] x = {{5, 0}, {5, 0}, {0, 5}, {5, 0}};
        int[] y = {0, 0, 1, 2};
        SoftmaxTrainer.Evaluation e = SoftmaxTrainer.evaluate(head, x, y);
        assertEquals((1.0 + 1.0 + 0.0) / 3, e.macroRecall(), 1e-9);
        assertEquals(0.75, e.accuracy(), 1e-9);
    }
}
