package io.retailpulse.nlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrfTest {
    private final Crf crf = new Crf(List.of("PER", "LOC"), new float[5][5], new float[5]);

    private static float[] peak(int label) {
        float[] e = new float[5];
        java.util.Arrays.fill(e, -5f);
        e[label] = -0.1f;
        return e;
    }

    @Test
    void insideWithoutBeginIsRepairedToAValidPath() {
        // emissions alone say O, I-PER, I-PER: an I- may not follow O
        float[][] em = {peak(0), peak(2), peak(2)};
        em[1][1] = -0.5f;
        int[] path = crf.decode(em, new boolean[3]);
        assertArrayEquals(new int[] {0, 1, 2}, path);
    }

    @Test
    void continuationPiecesKeepTheirWordsEntity() {
        // second piece prefers O, but it continues a B-LOC word
        float[][] em = {peak(3), peak(0)};
        em[1][4] = -1f;
        int[] path = crf.decode(em, new boolean[] {false, true});
        assertArrayEquals(new int[] {3, 4}, path);
    }

    @Test
    void transitionsCanOverrideEmissions() {
        float[][] tr = new float[5][5];
        tr[1][3] = -10f;
        Crf withTransitions = new Crf(List.of("PER", "LOC"), tr, new float[5]);
        float[][] em = {peak(1), peak(3)};
        em[1][0] = -0.3f;
        assertArrayEquals(new int[] {1, 0}, withTransitions.decode(em, new boolean[2]));
    }
}
