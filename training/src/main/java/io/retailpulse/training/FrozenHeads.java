package io.retailpulse.training;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.NerLabels;
import io.retailpulse.nlp.TensorFile;
import io.retailpulse.nlp.TextEncoding;
import io.retailpulse.nlp.data.Datasets;
import io.retailpulse.nlp.data.TokenLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Baseline heads on the FROZEN base encoder (no adapters): softmax regression on mean-pooled states for
 * sentiment, per-word-piece softmax on [states, one-hot word shape] for NER. Quick (minutes); the fine-tuned
 * model ({@link Train}) replaces it. Run: {@code ./mvnw -q -Ptraining -pl training exec:java -Dexec.mainClass=io.retailpulse.training.FrozenHeads}
 */
public final class FrozenHeads {
    private FrozenHeads() {
    }

    public static void main(String[] args) throws Exception {
        int tweets = Integer.getInteger("frozen.tweets", 8000);
        int sst = Integer.getInteger("frozen.sst2", 2000);
        int conll = Integer.getInteger("frozen.conll", 3000);
        Path out = Path.of(System.getProperty("pulse.out", Artifacts.DEFAULT_DIR.toString()));
        Data data = Data.fromSystem();
        Random rnd = new Random(7);
        int maxTokens = 128;
        try (BaseEncoder enc = new BaseEncoder(new ModelOptions(2, null, 32), maxTokens, BaseEncoder.Base.MINILM)) {
            List<Datasets.Labelled> sent = new ArrayList<>(sample(data.tweets(), tweets, rnd));
            sent.addAll(sample(data.sst2(), sst, rnd));
            float[][] x = new float[sent.size()][];
            int[] y = new int[sent.size()];
            List<TextEncoding> encodings = new ArrayList<>();
            for (Datasets.Labelled l : sent) {
                encodings.add(enc.encode(l.text()));
            }
            long t0 = System.currentTimeMillis();
            forEachBatch(enc, encodings, (i, states, e) -> x[i] = meanPool(states, e.length()));
            for (int i = 0; i < y.length; i++) {
                y[i] = sent.get(i).label();
            }
            System.out.printf("sentiment features for %d texts in %d s%n", x.length, (System.currentTimeMillis() - t0) / 1000);
            Softmax sentHead = Softmax.fit(x, y, 3, Softmax.balanced(y, 3), 8, 2e-3f, 1e-4f, 1);

            Map<String, TensorFile.Tensor> tensors = new LinkedHashMap<>();
            tensors.put("sent.weight", TensorFile.Tensor.of(sentHead.w));
            tensors.put("sent.bias", TensorFile.Tensor.of(sentHead.b));
            float[][] shapeEye = new float[Featurizer.SHAPES][Featurizer.SHAPES];
            for (int i = 0; i < Featurizer.SHAPES; i++) {
                shapeEye[i][i] = 1;
            }
            tensors.put("ner.shape", TensorFile.Tensor.of(shapeEye));

            List<Datasets.Tagged> conllSents = sample(data.conll(), conll, rnd);
            List<Datasets.Tagged> wnutSents = data.wnut();
            List<Datasets.Tagged> both = new ArrayList<>(conllSents);
            both.addAll(wnutSents);
            Softmax ner = tokenHead(enc, both, NerLabels.CONLL_TYPES,
                    s -> s.length() <= 4 && s.equals(s.toUpperCase()) ? s : NerLabels.wnutToConll(s));
            tensors.put("ner.weight", TensorFile.Tensor.of(ner.w));
            tensors.put("ner.bias", TensorFile.Tensor.of(ner.b));
            Softmax wnut = tokenHead(enc, wnutSents, NerLabels.WNUT_TYPES, UnaryOperator.identity());
            tensors.put("wnut.weight", TensorFile.Tensor.of(wnut.w));
            tensors.put("wnut.bias", TensorFile.Tensor.of(wnut.b));
            Artifacts.write(out, tensors, "0.1.0", 1f, maxTokens,
                    "frozen base encoder; softmax regression heads (interim baseline, FrozenHeads)", BaseEncoder.Base.MINILM);
            System.out.println("wrote " + out.toAbsolutePath());
        }
    }

    private static Softmax tokenHead(BaseEncoder enc, List<Datasets.Tagged> sentences, List<String> types,
            UnaryOperator<String> mapType) {
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<TextEncoding> encodings = new ArrayList<>();
        for (Datasets.Tagged s : sentences) {
            encodings.add(enc.encode(s.text()));
        }
        forEachBatch(enc, encodings, (i, states, e) -> {
            int[] labels = TokenLabels.align(e, sentences.get(i), types, mapType);
            for (int t = 0; t < labels.length; t++) {
                if (labels[t] < 0) {
                    continue;
                }
                float[] f = new float[BaseEncoder.HIDDEN + Featurizer.SHAPES];
                System.arraycopy(states[t], 0, f, 0, BaseEncoder.HIDDEN);
                f[BaseEncoder.HIDDEN + (int) e.shapes()[t]] = 1;
                xs.add(f);
                ys.add(labels[t]);
            }
        });
        int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
        int classes = 1 + 2 * types.size();
        float[] cw = new float[classes];
        java.util.Arrays.fill(cw, 1f);
        System.out.printf("token head %s: %d tokens%n", types, y.length);
        return Softmax.fit(xs.toArray(new float[0][]), y, classes, cw, 4, 2e-3f, 1e-5f, 2);
    }

    interface RowConsumer {
        void accept(int index, float[][] states, TextEncoding enc);
    }

    static void forEachBatch(BaseEncoder enc, List<TextEncoding> encodings, RowConsumer consumer) {
        Integer[] order = new Integer[encodings.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(encodings.get(a).length(), encodings.get(b).length()));
        for (int from = 0; from < order.length; from += 32) {
            int to = Math.min(order.length, from + 32);
            List<TextEncoding> batch = new ArrayList<>();
            for (int k = from; k < to; k++) {
                batch.add(encodings.get(order[k]));
            }
            float[][][] states = enc.states(batch);
            for (int k = from; k < to; k++) {
                consumer.accept(order[k], states[k - from], encodings.get(order[k]));
            }
        }
    }

    static float[] meanPool(float[][] states, int length) {
        float[] m = new float[states[0].length];
        for (int t = 0; t < length; t++) {
            for (int h = 0; h < m.length; h++) {
                m[h] += states[t][h];
            }
        }
        for (int h = 0; h < m.length; h++) {
            m[h] /= Math.max(1, length);
        }
        return m;
    }

    static <T> List<T> sample(List<T> all, int n, Random rnd) {
        List<T> copy = new ArrayList<>(all);
        Collections.shuffle(copy, rnd);
        return copy.subList(0, Math.min(n, copy.size()));
    }
}
