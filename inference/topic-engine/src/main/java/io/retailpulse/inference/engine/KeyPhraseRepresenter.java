package io.retailpulse.inference.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readable labels (BERTopic's KeyBERTInspired + MaximalMarginalRelevance over c-TF-IDF candidates):
 * <ol>
 * <li>candidates: each topic's best {@code candidates} 1–3-word phrases by c-TF-IDF ({@link KeyPhrases}: no phrase
 * starts or ends with a stop word or a corpus filler word);</li>
 * <li>re-rank: each candidate is embedded with the model's own encoder and scored by its cosine to the topic's
 * centroid (both less the corpus mean, the space the topics were found in). Only the candidates are embedded (a few
 * thousand short phrases for 100 topics), never the vocabulary;</li>
 * <li>diversify: MMR over the phrase embeddings orders the keywords;</li>
 * <li>label: one phrase of 1–3 words, the most relevant candidate, or a longer candidate holding all its words that
 * is at least {@link #LONGER} as relevant ("self-checkout" → "self-checkout is broken").</li>
 * </ol>
 * When the encoder fails (or there is none) the c-TF-IDF order stands and diversity comes from word overlap alone.
 */
public final class KeyPhraseRepresenter implements Representer {
    /** Candidates embedded per topic: enough for the re-ranking to matter, few enough to stay cheap. */
    static final int CANDIDATES = 25;
    /** MMR diversity (BERTopic's default is 0.1; phrases overlap more than single words, hence more). */
    static final double DIVERSITY = 0.3;
    /**
     * A longer candidate holding every word of the most relevant one replaces it when at least this relevant
     * ("self-checkout" → "self-checkout is broken", "late fee" → "late fee charged").
     */
    static final double LONGER = 0.9;

    private static final System.Logger LOG = System.getLogger(KeyPhraseRepresenter.class.getName());

    private final int candidates;
    private final double diversity;
    private final double tfIdfShare;

    /** Pure KeyBERT-style re-ranking (relevance = cosine to the centroid). */
    public KeyPhraseRepresenter(int candidates, double diversity) {
        this(candidates, diversity, 0);
    }

    /**
     * @param tfIdfShare how much of a candidate's relevance its c-TF-IDF keeps: relevance = cosine ×
     *                   (weight / best weight)^tfIdfShare (0: the cosine alone, as BERTopic's KeyBERTInspired)
     */
    public KeyPhraseRepresenter(int candidates, double diversity, double tfIdfShare) {
        this.candidates = candidates;
        this.diversity = diversity;
        this.tfIdfShare = tfIdfShare;
    }

    @Override
    public List<Representation> represent(Input input) {
        int k = input.params().keywords();
        List<List<KeyPhrases.Scored>> scored =
                KeyPhrases.candidates(input.docsByTopic(), Math.max(candidates, k), input.names());
        Map<String, float[]> vectors = embed(scored, input);
        List<Representation> out = new ArrayList<>(scored.size());
        for (int t = 0; t < scored.size(); t++) {
            List<String> phrases =
                    scored.get(t).stream().map(KeyPhrases.Scored::phrase).toList();
            if (phrases.isEmpty()) {
                out.add(new Representation(List.of(), "misc"));
                continue;
            }
            double[] relevance = new double[phrases.size()];
            double[][] similarity = new double[phrases.size()][phrases.size()];
            float[] centroid = input.centroids() == null ? null : input.centroids()[t];
            boolean semantic = vectors != null && centroid != null;
            for (int i = 0; i < phrases.size(); i++) {
                // without vectors: c-TF-IDF rank as relevance, shared words as similarity
                double tfIdf =
                        scored.get(t).get(i).weight() / scored.get(t).get(0).weight();
                relevance[i] = semantic
                        ? Vectors.dot(vectors.get(phrases.get(i)), centroid) * Math.pow(tfIdf, tfIdfShare)
                        : 1.0 - i / (double) phrases.size();
                for (int j = 0; j < phrases.size(); j++) {
                    similarity[i][j] = semantic
                            ? Vectors.dot(vectors.get(phrases.get(i)), vectors.get(phrases.get(j)))
                            : overlap(phrases.get(i), phrases.get(j));
                }
            }
            List<Integer> order = Mmr.select(relevance, similarity, k, diversity);
            List<String> keywords = order.stream().map(phrases::get).toList();
            out.add(new Representation(keywords, phrase(order, phrases, relevance)));
        }
        return out;
    }

    /** Phrase → unit vector less the corpus mean, for every candidate of every topic in one encoder call. */
    private static Map<String, float[]> embed(List<List<KeyPhrases.Scored>> scored, Input input) {
        if (input.embedder() == null || input.centroids() == null) {
            return null;
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(scored.stream()
                .flatMap(List::stream)
                .map(KeyPhrases.Scored::phrase)
                .toList()));
        if (unique.isEmpty()) {
            return Map.of();
        }
        try {
            float[][] raw = input.embedder().embed(unique);
            float[] mean = input.mean();
            Map<String, float[]> out = new HashMap<>();
            for (int i = 0; i < unique.size(); i++) {
                float[] v = raw[i].clone();
                if (mean != null) {
                    for (int d = 0; d < v.length; d++) {
                        v[d] -= mean[d];
                    }
                }
                out.put(unique.get(i), Vectors.normalize(v));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "phrases not embedded, labels by c-TF-IDF alone: " + e);
            return null;
        }
    }

    /**
     * The label: one phrase, the most relevant; a longer candidate that holds all its words and is nearly as
     * relevant ({@link #LONGER}) says the same more precisely and takes its place.
     */
    private static String phrase(List<Integer> order, List<String> phrases, double[] relevance) {
        int best = order.get(0);
        Set<String> words = stems(phrases.get(best));
        int chosen = best;
        for (int i = 0; i < phrases.size(); i++) {
            if (i == best
                    || phrases.get(i).split(" ").length <= phrases.get(best).split(" ").length) {
                continue;
            }
            if (stems(phrases.get(i)).containsAll(words)
                    && relevance[i] >= LONGER * relevance[best]
                    && (chosen == best || relevance[i] > relevance[chosen])) {
                chosen = i;
            }
        }
        return phrases.get(chosen);
    }

    /** Content words less a plural "s", so that "call" and "calls" count as one word in a label. */
    private static Set<String> stems(String phrase) {
        Set<String> out = new java.util.HashSet<>();
        for (String w : KeyPhrases.contentWords(phrase)) {
            out.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
        }
        return out;
    }

    /** Share of the smaller phrase's content words found in the other (the fallback similarity). */
    private static double overlap(String a, String b) {
        Set<String> x = KeyPhrases.contentWords(a);
        Set<String> y = KeyPhrases.contentWords(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        long shared = x.stream().filter(y::contains).count();
        return shared / (double) Math.min(x.size(), y.size());
    }

    @Override
    public List<List<String>> keywords(List<List<String>> docsByTopic, TopicParams params) {
        return represent(new Input(docsByTopic, null, null, null, params)).stream()
                .map(Representation::keywords)
                .toList();
    }

    @Override
    public String label(List<String> keywords) {
        if (keywords.isEmpty()) {
            return "misc";
        }
        double[] relevance = new double[keywords.size()];
        java.util.Arrays.fill(relevance, 1.0);
        return phrase(
                java.util.stream.IntStream.range(0, keywords.size()).boxed().toList(), keywords, relevance);
    }
}
