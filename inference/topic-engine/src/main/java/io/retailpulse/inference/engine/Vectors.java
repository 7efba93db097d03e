package io.retailpulse.inference.engine;

/** Small dense-vector helpers on {@code float[]}. */
public final class Vectors {
    private Vectors() {}

    public static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static float squaredDistance(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** Scales {@code v} to unit length in place (a zero vector stays zero) and returns it. */
    public static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float inv = (float) (1.0 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** The unit-length mean of the given rows. */
    public static float[] centroid(float[][] rows, int[] members) {
        float[] c = new float[rows[members[0]].length];
        for (int m : members) {
            float[] r = rows[m];
            for (int i = 0; i < c.length; i++) {
                c[i] += r[i];
            }
        }
        return normalize(c);
    }

    /** The mean of the rows (not normalised); {@link #centred} removes it. */
    public static float[] mean(float[][] rows) {
        double[] sum = exactMean(rows);
        int dims = sum.length;
        float[] out = new float[dims];
        for (int j = 0; j < dims; j++) {
            out[j] = (float) sum[j];
        }
        return out;
    }

    private static double[] exactMean(float[][] rows) {
        int dims = rows[0].length;
        double[] mean = new double[dims];
        for (float[] r : rows) {
            for (int j = 0; j < dims; j++) {
                mean[j] += r[j] / (double) rows.length;
            }
        }
        return mean;
    }

    /**
     * Rows minus their mean, each scaled back to unit length. Transformer sentence embeddings share a large common
     * direction (anisotropy), so raw cosines between unrelated texts of one corpus are all high; removing the corpus
     * mean spreads them out (as in BERT-whitening) and lets neighbours, merges and outlier votes tell topics apart.
     */
    public static float[][] centred(float[][] rows) {
        if (rows.length == 0) {
            return rows;
        }
        int dims = rows[0].length;
        double[] mean = exactMean(rows);
        float[][] out = new float[rows.length][dims];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < dims; j++) {
                out[i][j] = (float) (rows[i][j] - mean[j]);
            }
            normalize(out[i]);
        }
        return out;
    }
}
