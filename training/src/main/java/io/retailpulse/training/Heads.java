package io.retailpulse.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.TensorFile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The task heads as the assembled ONNX graph computes them (see io.retailpulse.nlp.ModelAssembler). */
final class Heads {
    final int shapeDim;
    final NDArray sentW;
    final NDArray sentB;
    final NDArray shapeEmb;
    final NDArray nerW;
    final NDArray nerB;
    final NDArray wnutW;
    final NDArray wnutB;
    private final NDManager manager;
    private final Random dropout;

    Heads(NDManager manager, int shapeDim, Random rnd) {
        this.manager = manager;
        this.shapeDim = shapeDim;
        this.dropout = new Random(rnd.nextLong());
        sentW = random(manager, rnd, 0.02f, MiniLm.HIDDEN, 3);
        sentB = manager.zeros(new Shape(3));
        shapeEmb = random(manager, rnd, 0.1f, Featurizer.SHAPES, shapeDim);
        nerW = random(manager, rnd, 0.02f, MiniLm.HIDDEN + shapeDim, 9);
        nerB = manager.zeros(new Shape(9));
        wnutW = random(manager, rnd, 0.02f, MiniLm.HIDDEN + shapeDim, 13);
        wnutB = manager.zeros(new Shape(13));
        for (NDArray p : parameters()) {
            p.setRequiresGradient(true);
        }
    }

    private static NDArray random(NDManager m, Random rnd, float std, int rows, int cols) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextGaussian() * std;
        }
        return m.create(d, new Shape(rows, cols));
    }

    List<NDArray> parameters() {
        return List.of(sentW, sentB, shapeEmb, nerW, nerB, wnutW, wnutB);
    }

    private NDArray drop(NDArray x, float p, boolean train) {
        if (!train) {
            return x;
        }
        long n = x.size();
        float[] mask = new float[(int) n];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = dropout.nextFloat() < p ? 0f : 1f / (1 - p);
        }
        return x.mul(x.getManager().create(mask, x.getShape()));
    }

    /** Masked mean pooling → logits [B, 3]. */
    NDArray sentiment(NDArray states, NDArray mask, boolean train) {
        NDArray m3 = mask.expandDims(2);
        NDArray pooled = states.mul(m3).sum(new int[] {1}).div(mask.sum(new int[] {1}, true).maximum(1e-6f));
        return drop(pooled, 0.1f, train).matMul(sentW).add(sentB);
    }

    NDArray tokenFeatures(NDArray states, NDArray shapesOneHot, boolean train) {
        NDArray shape = shapesOneHot.matMul(shapeEmb);
        return drop(states, 0.1f, train).concat(shape, 2);
    }

    NDArray ner(NDArray feats) {
        return feats.matMul(nerW).add(nerB);
    }

    NDArray wnut(NDArray feats) {
        return feats.matMul(wnutW).add(wnutB);
    }

    private static TensorFile.Tensor transposed(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        float[] d = a.toFloatArray();
        float[][] t = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c][r] = d[r * cols + c];
            }
        }
        return TensorFile.Tensor.of(t);
    }

    /** Restores heads saved by {@link #export} (the saved sentiment bias includes that checkpoint's held-out tweak). */
    void load(Map<String, TensorFile.Tensor> saved) {
        sentW.set(transposedData(saved.get("sent.weight")));
        sentB.set(saved.get("sent.bias").data());
        shapeEmb.set(saved.get("ner.shape").data());
        nerW.set(transposedData(saved.get("ner.weight")));
        nerB.set(saved.get("ner.bias").data());
        wnutW.set(transposedData(saved.get("wnut.weight")));
        wnutB.set(saved.get("wnut.bias").data());
    }

    /** [rows, cols] row-major → the [cols, rows] row-major data. */
    private static float[] transposedData(TensorFile.Tensor t) {
        int rows = t.dims()[0];
        int cols = t.dims()[1];
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = t.data()[r * cols + c];
            }
        }
        return out;
    }

    Map<String, TensorFile.Tensor> export(double[] sentBiasTweak) {
        Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
        out.put("sent.weight", transposed(sentW));
        float[] b = sentB.toFloatArray();
        for (int c = 0; c < 3; c++) {
            b[c] += (float) sentBiasTweak[c];
        }
        out.put("sent.bias", TensorFile.Tensor.of(b));
        float[] s = shapeEmb.toFloatArray();
        out.put("ner.shape", new TensorFile.Tensor(new int[] {Featurizer.SHAPES, shapeDim}, s));
        out.put("ner.weight", transposed(nerW));
        out.put("ner.bias", TensorFile.Tensor.of(nerB.toFloatArray()));
        out.put("wnut.weight", transposed(wnutW));
        out.put("wnut.bias", TensorFile.Tensor.of(wnutB.toFloatArray()));
        return out;
    }
}
