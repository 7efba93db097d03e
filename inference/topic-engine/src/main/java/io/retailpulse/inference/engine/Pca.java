package io.retailpulse.inference.engine;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Principal component projection (covariance + subspace iteration). UMAP has no usable Java artifact; PCA is
 * deterministic, linear in the number of documents, and was chosen by measurement (inference/README.md).
 */
public final class Pca {
    private Pca() {}

    /** {@code rows} projected on their top {@code k} principal components (centred); {@code k >= d} copies. */
    public static float[][] reduce(float[][] rows, int k) {
        int n = rows.length;
        if (n == 0) {
            return rows;
        }
        int d = rows[0].length;
        if (k <= 0 || k >= d || n <= k) {
            return rows;
        }
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = covariance(rows, mean);
        double[][] basis = topEigenvectors(cov, k);
        float[][] out = new float[n][k];
        IntStream.range(0, n).parallel().forEach(i -> {
            float[] r = rows[i];
            for (int c = 0; c < k; c++) {
                double s = 0;
                double[] b = basis[c];
                for (int j = 0; j < d; j++) {
                    s += (r[j] - mean[j]) * b[j];
                }
                out[i][c] = (float) s;
            }
        });
        return out;
    }

    private static double[][] covariance(float[][] rows, double[] mean) {
        int d = mean.length;
        double[][] cov = new double[d][d];
        IntStream.range(0, d).parallel().forEach(a -> {
            double[] row = cov[a];
            for (float[] r : rows) {
                double xa = r[a] - mean[a];
                for (int b = a; b < d; b++) {
                    row[b] += xa * (r[b] - mean[b]);
                }
            }
        });
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        return cov;
    }

    /** Orthogonal (subspace) iteration with Gram-Schmidt: plenty for a 384×384 symmetric matrix. */
    static double[][] topEigenvectors(double[][] m, int k) {
        int d = m.length;
        Random random = new Random(42);
        double[][] q = new double[k][d];
        for (double[] v : q) {
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
        }
        orthonormalise(q);
        for (int iter = 0; iter < 30; iter++) {
            double[][] next = new double[k][d];
            for (int c = 0; c < k; c++) {
                double[] v = q[c];
                double[] w = next[c];
                for (int a = 0; a < d; a++) {
                    double s = 0;
                    double[] ma = m[a];
                    for (int b = 0; b < d; b++) {
                        s += ma[b] * v[b];
                    }
                    w[a] = s;
                }
            }
            orthonormalise(next);
            q = next;
        }
        return q;
    }

    private static void orthonormalise(double[][] q) {
        for (int c = 0; c < q.length; c++) {
            double[] v = q[c];
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int j = 0; j < v.length; j++) {
                    dot += v[j] * q[p][j];
                }
                for (int j = 0; j < v.length; j++) {
                    v[j] -= dot * q[p][j];
                }
            }
            double n = 0;
            for (double x : v) {
                n += x * x;
            }
            n = Math.sqrt(n);
            for (int j = 0; j < v.length; j++) {
                v[j] = n > 0 ? v[j] / n : 0;
            }
        }
    }
}
