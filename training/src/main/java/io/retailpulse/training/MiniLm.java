package io.retailpulse.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import io.retailpulse.nlp.ModelAssembler;
import io.retailpulse.nlp.TensorFile;
import io.retailpulse.nlp.onnx.OnnxGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A BERT encoder (all-MiniLM-L6-v2 or bge-small-en-v1.5) written with NDArray ops, weights read from the base ONNX initializers, with LoRA adapters on
 * every linear layer of the trained layers and trainable biases/LayerNorms there. The word/position/type embedding
 * sum is computed in plain Java (frozen); everything after it runs in PyTorch.
 */
final class MiniLm {
    static final int HIDDEN = 384;
    static final int HEADS = 12;
    final int layers;
    static final String[] KINDS = {"query", "key", "value", "attn_out", "ffn_in", "ffn_out"};

    final NDManager manager;
    final int rank;
    final float scale;
    final int firstTrained;
    /** Dropout rate inside the encoder while training (embeddings, attention probabilities, both sublayer outputs). */
    final float dropout;
    private final float[] wordEmb;
    private final float[] posEmb;
    private final float[] typeEmb;
    final NDArray embLnG;
    final NDArray embLnB;
    /** Per layer and kind: frozen W [in,out], trainable bias, LoRA A [r,in], B [out,r]. */
    final NDArray[][] w;
    final NDArray[][] bias;
    final NDArray[][] loraA;
    final NDArray[][] loraB;
    final NDArray[][] ln;
    /** Base values of the trainable biases/LayerNorms, to export deltas. */
    final Map<String, float[]> baseValues = new LinkedHashMap<>();
    final Map<String, NDArray> trainable = new LinkedHashMap<>();
    final Map<String, String> onnxNames = new LinkedHashMap<>();

    MiniLm(NDManager manager, OnnxGraph g, int rank, float scale, int firstTrained, long seed, float dropout) {
        this.manager = manager;
        this.dropout = dropout;
        this.rank = rank;
        this.scale = scale;
        this.firstTrained = firstTrained;
        wordEmb = g.initializer("embeddings.word_embeddings.weight").data();
        posEmb = g.initializer("embeddings.position_embeddings.weight").data();
        typeEmb = g.initializer("embeddings.token_type_embeddings.weight").data();
        embLnG = vec(g, "embeddings.LayerNorm.weight");
        embLnB = vec(g, "embeddings.LayerNorm.bias");
        Map<String, String> linear = ModelAssembler.linearWeights(g);
        layers = linear.size() / KINDS.length;
        w = new NDArray[layers][KINDS.length];
        bias = new NDArray[layers][KINDS.length];
        loraA = new NDArray[layers][KINDS.length];
        loraB = new NDArray[layers][KINDS.length];
        ln = new NDArray[layers][4];
        Random rnd = new Random(seed);
        for (int l = 0; l < layers; l++) {
            boolean train = l >= firstTrained;
            String p = "encoder.layer." + l + ".";
            String[] biasNames = {p + "attention.self.query.bias", p + "attention.self.key.bias", p + "attention.self.value.bias",
                    p + "attention.output.dense.bias", p + "intermediate.dense.bias", p + "output.dense.bias"};
            for (int k = 0; k < KINDS.length; k++) {
                OnnxGraph.Tensor wt = g.initializer(linear.get("layer" + l + "." + KINDS[k]));
                w[l][k] = manager.create(wt.data(), new Shape(wt.dims()[0], wt.dims()[1]));
                bias[l][k] = param(g, biasNames[k], train);
                if (train) {
                    int in = (int) wt.dims()[0];
                    int out = (int) wt.dims()[1];
                    float[] a = new float[rank * in];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) (rnd.nextGaussian() / Math.sqrt(in));
                    }
                    loraA[l][k] = manager.create(a, new Shape(rank, in));
                    loraB[l][k] = manager.zeros(new Shape(out, rank));
                    String name = "lora.layer" + l + "." + KINDS[k];
                    track(name + ".A", loraA[l][k]);
                    track(name + ".B", loraB[l][k]);
                }
            }
            String[] lnNames = {p + "attention.output.LayerNorm.weight", p + "attention.output.LayerNorm.bias",
                    p + "output.LayerNorm.weight", p + "output.LayerNorm.bias"};
            for (int k = 0; k < 4; k++) {
                ln[l][k] = param(g, lnNames[k], train);
            }
        }
    }

    private NDArray vec(OnnxGraph g, String name) {
        float[] d = g.initializer(name).data();
        return manager.create(d, new Shape(d.length));
    }

    private NDArray param(OnnxGraph g, String name, boolean train) {
        NDArray a = vec(g, name);
        if (train) {
            baseValues.put(name, g.initializer(name).data());
            track("delta." + name, a);
        }
        return a;
    }

    private void track(String name, NDArray a) {
        a.setRequiresGradient(true);
        trainable.put(name, a);
    }

    /** Embedding sum for a padded batch, [B, T, H] (plain Java; the embeddings stay frozen). */
    NDArray embed(NDManager m, long[][] ids, long[][] types, int len) {
        int b = ids.length;
        float[] out = new float[b * len * HIDDEN];
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < len; t++) {
                int base = (r * len + t) * HIDDEN;
                int id = t < ids[r].length ? (int) ids[r][t] : 0;
                int ty = t < types[r].length ? (int) types[r][t] : 0;
                for (int h = 0; h < HIDDEN; h++) {
                    out[base + h] = wordEmb[id * HIDDEN + h] + posEmb[t * HIDDEN + h] + typeEmb[ty * HIDDEN + h];
                }
            }
        }
        return m.create(out, new Shape(b, len, HIDDEN));
    }

    static NDArray layerNorm(NDArray x, NDArray g, NDArray b) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray c = x.sub(mean);
        NDArray var = c.square().mean(new int[] {-1}, true);
        return c.div(var.add(1e-12f).sqrt()).mul(g).add(b);
    }

    private NDArray linear(NDArray x, int l, int k) {
        NDArray y = x.matMul(w[l][k]).add(bias[l][k]);
        if (loraA[l][k] != null) {
            y = y.add(x.matMul(loraA[l][k].transpose()).matMul(loraB[l][k].transpose()).mul(scale));
        }
        return y;
    }

    /**
     * last_hidden_state [B, T, H].
     *
     * @param maskBias additive attention bias [B, 1, 1, T] (0 for tokens, -10000 for padding)
     * @param train    applies {@link #dropout} (BERT's fine-tuning regulariser); false for evaluation
     */
    NDArray forward(NDArray emb, NDArray maskBias, boolean train) {
        NDArray x = drop(layerNorm(emb, embLnG, embLnB), train);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int dh = HIDDEN / HEADS;
        for (int l = 0; l < layers; l++) {
            NDArray q = linear(x, l, 0).reshape(b, t, HEADS, dh).transpose(0, 2, 1, 3);
            NDArray k = linear(x, l, 1).reshape(b, t, HEADS, dh).transpose(0, 2, 3, 1);
            NDArray v = linear(x, l, 2).reshape(b, t, HEADS, dh).transpose(0, 2, 1, 3);
            NDArray scores = q.matMul(k).div((float) Math.sqrt(dh)).add(maskBias).softmax(-1);
            scores = drop(scores, train);
            NDArray ctx = scores.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, HIDDEN);
            x = layerNorm(x.add(drop(linear(ctx, l, 3), train)), ln[l][0], ln[l][1]);
            NDArray h = linear(x, l, 4);
            h = h.mul(h.div((float) Math.sqrt(2)).erf().add(1f)).mul(0.5f);
            x = layerNorm(x.add(drop(linear(h, l, 5), train)), ln[l][2], ln[l][3]);
        }
        return x;
    }

    /** Inverted dropout with the engine's own random numbers (a Java mask per element would cost more than the step). */
    private NDArray drop(NDArray x, boolean train) {
        return train && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    /** The encoder's trained tensors in artifact form: adapters as they are, biases/LayerNorms as deltas. */
    Map<String, TensorFile.Tensor> export() {
        Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            float[] v = e.getValue().toFloatArray();
            int[] dims = java.util.Arrays.stream(e.getValue().getShape().getShape()).mapToInt(d -> (int) d).toArray();
            if (e.getKey().startsWith("delta.")) {
                float[] base = baseValues.get(e.getKey().substring("delta.".length()));
                for (int i = 0; i < v.length; i++) {
                    v[i] -= base[i];
                }
            }
            out.put(e.getKey(), new TensorFile.Tensor(dims, v));
        }
        return out;
    }

    /** Restores trained tensors saved by {@link #export()} (adapters as they are, deltas added to the base). */
    void load(Map<String, TensorFile.Tensor> saved) {
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            TensorFile.Tensor t = saved.get(e.getKey());
            if (t == null) {
                continue;
            }
            float[] v = t.data().clone();
            if (e.getKey().startsWith("delta.")) {
                float[] base = baseValues.get(e.getKey().substring("delta.".length()));
                for (int i = 0; i < v.length; i++) {
                    v[i] += base[i];
                }
            }
            e.getValue().set(v);
        }
    }

    List<NDArray> parameters() {
        return new ArrayList<>(trainable.values());
    }
}
