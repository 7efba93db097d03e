package io.retailpulse.inference.engine;

import java.util.List;

/**
 * Step 5, represent: each topic's documents → its keywords and label (BERTopic's representation model). The
 * default is c-TF-IDF; a representer that re-ranks candidates by similarity to the centroid (KeyBERT-style) or
 * asks an LLM plugs in here without touching the other steps.
 */
public interface Representer {
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
}
