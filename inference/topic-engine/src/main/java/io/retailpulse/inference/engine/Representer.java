package io.retailpulse.inference.engine;

import java.util.List;

/**
 * Step 5, represent: each topic's documents → its keywords and label (BERTopic's representation model). The
 * default, {@link #keyPhrases()}, takes c-TF-IDF phrase candidates, re-ranks them by similarity to the topic's
 * centroid (KeyBERT-inspired) and diversifies them (MMR); {@link #cTfIdf()} is the older keyword-triple labeller.
 * A representer that asks an LLM plugs in here, or wraps the result (the service does so, see its README).
 */
public interface Representer {
    /**
     * What a representer may use.
     *
     * @param docsByTopic texts per topic (topic order)
     * @param centroids   unit-length centroid per topic, of the embeddings less their corpus {@code mean}
     * @param mean        the corpus mean removed from the embeddings before clustering
     * @param embedder    the model's encoder (to embed candidate phrases)
     * @param names       names found in the texts (stores, places, people, brands, products; any case) that no
     *                    keyword or label may hold: a label says what went wrong, not where or with whom
     */
    record Input(
            List<List<String>> docsByTopic,
            float[][] centroids,
            float[] mean,
            Embedder embedder,
            TopicParams params,
            java.util.Set<String> names) {
        public Input {
            names = names == null ? java.util.Set.of() : java.util.Set.copyOf(names);
        }

        /** Without names to keep out. */
        public Input(
                List<List<String>> docsByTopic,
                float[][] centroids,
                float[] mean,
                Embedder embedder,
                TopicParams params) {
            this(docsByTopic, centroids, mean, embedder, params, java.util.Set.of());
        }
    }

    /** A topic's keywords (most telling first) and its label. */
    record Representation(List<String> keywords, String label) {}

    /** Per topic (same order as {@code input.docsByTopic()}), its keywords and label. By default from the two methods below. */
    default List<Representation> represent(Input input) {
        return keywords(input.docsByTopic(), input.params()).stream()
                .map(k -> new Representation(k, label(k)))
                .toList();
    }

    /** Per topic (same order as {@code docsByTopic}), its keywords, most telling first. */
    List<List<String>> keywords(List<List<String>> docsByTopic, TopicParams params);

    /** The short label shown for a topic with these keywords. */
    String label(List<String> keywords);

    /** c-TF-IDF unigrams and bigrams, {@link TopicParams#keywords()} per topic, labelled by the top three ({@link Keywords}). */
    static Representer cTfIdf() {
        return new Representer() {
            @Override
            public List<List<String>> keywords(List<List<String>> docsByTopic, TopicParams params) {
                return Keywords.topTerms(docsByTopic, params.keywords());
            }

            @Override
            public String label(List<String> keywords) {
                return Keywords.label(keywords);
            }
        };
    }

    /** Key phrases: c-TF-IDF candidates re-ranked by the centroid, diversified by MMR ({@link KeyPhraseRepresenter}). */
    static Representer keyPhrases() {
        return new KeyPhraseRepresenter(KeyPhraseRepresenter.CANDIDATES, KeyPhraseRepresenter.DIVERSITY);
    }
}
