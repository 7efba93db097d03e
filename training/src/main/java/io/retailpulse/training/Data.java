package io.retailpulse.training;

import io.retailpulse.nlp.data.Datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The training splits. twitter-2016devtest, eng.testa and the WNUT dev set are evaluation only, never read here. */
final class Data {
    static final List<String> TWEET_TRAIN = List.of("twitter-2013train-A.tsv", "twitter-2013dev-A.tsv",
            "twitter-2013test-A.tsv", "twitter-2014sarcasm-A.tsv", "twitter-2014test-A.tsv", "twitter-2015train-A.tsv",
            "twitter-2015test-A.tsv", "twitter-2016train-A.tsv", "twitter-2016test-A.tsv");
    /** Held out from training: model selection and the sentiment bias tweak. */
    static final String TWEET_HELDOUT = "twitter-2016dev-A.tsv";

    final Path root;

    Data(Path root) {
        this.root = root;
    }

    static Data fromSystem() {
        return new Data(Path.of(System.getProperty("pulse.data", "../shared/data")));
    }

    List<Datasets.Labelled> tweets() {
        List<Datasets.Labelled> out = new ArrayList<>();
        for (String f : TWEET_TRAIN) {
            out.addAll(Datasets.semeval(root.resolve("sentiment/semeval-tweets").resolve(f)));
        }
        return out;
    }

    List<Datasets.Labelled> tweetsHeldOut() {
        return Datasets.semeval(root.resolve("sentiment/semeval-tweets").resolve(TWEET_HELDOUT));
    }

    List<Datasets.Labelled> sst2() {
        return Datasets.sst2(root.resolve("sentiment/sst2/train.tsv"));
    }

    List<Datasets.Tagged> conll() {
        return Datasets.conll(root.resolve("ner/conll2003/eng.train"));
    }

    List<Datasets.Tagged> wnut() {
        return Datasets.wnut(root.resolve("ner/wnut17/wnut17train.conll"));
    }
}
