package io.retailpulse.nlp.eval;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.TextEncoding;
import io.retailpulse.nlp.data.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rough throughput: {@code analyse} (tokenise + one pass + sentiment + NER decoding) against the bare base encoder
 * session on the same tokenised inputs, batch 1 and 32, 2 threads, tweets from twitter-2016devtest.
 * Run: {@code ./mvnw -o -q -pl nlp exec:java -Dexec.mainClass=io.retailpulse.nlp.eval.Throughput}
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) {
        Path data = Path.of(System.getProperty("pulse.data", "../shared/data"));
        List<String> texts =
                Datasets.semeval(data.resolve("sentiment/semeval-tweets/twitter-2016devtest-A.tsv")).stream()
                        .map(Datasets.Labelled::text)
                        .limit(Integer.getInteger("n", 640))
                        .toList();
        for (int batch : new int[] {1, 32}) {
            ModelOptions options = new ModelOptions(2, null, batch);
            try (PulseTextModel model = PulseTextModel.load(options);
                    BaseEncoder base = new BaseEncoder(options, model.maxTokens())) {
                for (int round = 0; round < 2; round++) {
                    long t0 = System.nanoTime();
                    for (int from = 0; from < texts.size(); from += batch) {
                        List<TextEncoding> encs = new ArrayList<>();
                        for (String t : texts.subList(from, Math.min(texts.size(), from + batch))) {
                            encs.add(base.encode(t));
                        }
                        base.states(encs);
                    }
                    double baseRate = texts.size() / ((System.nanoTime() - t0) / 1e9);
                    t0 = System.nanoTime();
                    for (int from = 0; from < texts.size(); from += batch) {
                        model.analyse(texts.subList(from, Math.min(texts.size(), from + batch)));
                    }
                    double rate = texts.size() / ((System.nanoTime() - t0) / 1e9);
                    if (round == 1) {
                        System.out.printf(
                                "batch %2d: analyse %.1f texts/s, bare base encoder %.1f texts/s, ratio %.2f%n",
                                batch, rate, baseRate, rate / baseRate);
                    }
                }
            }
        }
    }
}
