package io.retailpulse.inference.domain;

/** Small dense-vector helpers on {@code float[]}. */
public final class Vectors {
    private Vectors() {
    }

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
}
