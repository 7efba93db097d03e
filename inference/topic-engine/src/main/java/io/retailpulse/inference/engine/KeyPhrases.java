package io.retailpulse.inference.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Candidate phrases of the representation step: 1–3-word n-grams that never cross a sentence or clause boundary
 * (punctuation, emoji, numbers, redaction masks), never start or end with a stop word or a corpus filler word, never
 * hold a name (store, place, person, brand: cut out with the preposition before it), scored per topic by class-based
 * TF-IDF over documents (BERTopic's c-TF-IDF with {@code ngram_range=(1, 3)} and binary counts): a phrase weighs
 * {@code d(p,c) / |c| * log(1 + A / d(p))}, d(p,c) the topic's documents holding it, |c| the topic's documents, A
 * the mean documents per topic and d(p) the documents holding it over all topics. Counting documents, not
 * occurrences, keeps one long narrative that repeats a word from speaking for its whole topic. Each topic keeps its
 * best single words and its best longer phrases, {@code k} of each.
 * <p>
 * Corpus filler: a word that is frequent in the corpus (in at least {@link #FILLER_DOC_SHARE} of the documents)
 * but nowhere telling (in no topic {@link #FILLER_LIFT} times as frequent as in the whole corpus) is a stop word of
 * this corpus ("store", "#grocery", "today" in shopper posts), found per fit since no fixed list knows it.
 */
public final class KeyPhrases {
    /** Longest phrase, in words. */
    public static final int MAX_WORDS = 3;
    /** A filler word is in at least this share of the documents ... */
    static final double FILLER_DOC_SHARE = 0.03;
    /** ... and in no topic this many times as frequent as in the corpus (its c-TF-IDF is low everywhere). */
    static final double FILLER_LIFT = 2.0;

    /** A phrase found this share of the time inside one longer candidate gives way to it. */
    static final double SUBSUMED = 0.75;

    /** Text between two of these is one clause: phrases do not span punctuation, emoji, symbols or numbers. */
    private static final Pattern BOUNDARY =
            Pattern.compile("[^\\p{L}\\p{N}'\\-\\s]+|(?<![\\p{L}])[\\p{N}][\\p{L}\\p{N}]*");

    private static final Pattern NOISE = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+|(?<![\\w@])@\\w+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}']*(?:-[\\p{L}\\p{N}]+)*");
    /** Redaction masks ("XXXX", "XX/XX/XXXX" in CFPB-style exports) say nothing about a topic. */
    private static final Pattern MASK = Pattern.compile("x{2,}");

    /**
     * Words that may open a phrase though they are stop words, because a complaint turns on them: "out of stock",
     * "not working", "no receipt", "too expensive". They never end one and are never a phrase alone.
     */
    static final Set<String> OPENERS = Set.of("out", "no", "not", "never", "too", "over", "off", "under", "without");

    /**
     * Particles that may close a phrase of two or more words when a content word precedes them, because they
     * belong to its verb: "top up", "sold out", "shut down", "ripped off". Never a phrase alone.
     */
    static final Set<String> PARTICLES = Set.of("up", "out", "down", "off");

    /** Personal pronouns: never inside a phrase. */
    static final Set<String> PERSONAL = Set.of(
            "i", "me", "my", "mine", "i'm", "i've", "i'd", "i'll", "im", "ive", "you", "your", "you're", "we", "our",
            "us", "we're", "they", "them", "their", "they're", "he", "she", "him", "her", "his");

    /** English stop words, contractions, number words and social-media fillers. */
    static final Set<String> STOP = new HashSet<>(Arrays.asList(("a about above after again against all am an and any "
                    + "are aren't as at be because been before being below between both but by can can't cannot could couldn't "
                    + "did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have "
                    + "haven't having he her here hers herself him himself his how i i'm i've i'd i'll if in into is isn't it "
                    + "it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our "
                    + "ours ourselves out over own same shan't she should shouldn't so some such than that that's the their "
                    + "theirs them themselves then there there's these they they're this those through to too under until up "
                    + "very was wasn't we we're were weren't what what's when where which while who whom why with won't would "
                    + "wouldn't you you're your yours yourself yourselves just also get got still will im dont cant ive us "
                    + "please hi hello thanks thank yet even way want need like know go going much many really now ago since "
                    + "'ve 're 's 'll never without every single anyone anything something someone thing things "
                    + "one two three four five six seven eight nine ten first second third last next another "
                    + "lol lmao omg tbh smh idk imo imho btw ugh ngl wtf rn af fr fyi yall gonna wanna lowkey nah "
                    + "literally honestly seriously totally lately guess ok okay yes yeah")
            .split(" ")));

    private KeyPhrases() {}

    /**
     * A topic's candidate, best c-TF-IDF first.
     *
     * @param share the share of the topic's documents that hold the phrase (how much of the topic it speaks for)
     */
    public record Scored(String phrase, double weight, double share) {}

    /**
     * Prepositions that introduce a name ("at ⟨store⟩", "in ⟨city⟩", "from ⟨brand⟩"): cut together with it, the
     * clause reads as the complaint without the adjunct ("the self-checkout at Cork is broken" → "the self-checkout
     * is broken").
     */
    public static final Set<String> NAME_PREPOSITIONS =
            Set.of("at", "in", "from", "near", "on", "by", "of", "to", "for", "with", "inside", "outside", "@");

    /** The clauses of a text, each as its lower-case words (links, @mentions and masks removed). */
    static List<List<String>> clauses(String text) {
        return clauses(text, NO_NAMES);
    }

    private static final Names NO_NAMES = new Names(List.of());

    /**
     * The clauses of a text less the {@code names} in it: a name and the preposition before it are cut out and the
     * words on either side joined, so that no candidate holds a store, place, person or brand and the complaint
     * around it still reads as one phrase ("the self-checkout at Cork is broken" → "the self-checkout is broken").
     */
    static List<List<String>> clauses(String text, Names names) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> clause : rawClauses(text)) {
            List<String> kept = names.isEmpty() ? clause : names.cut(clause);
            if (!kept.isEmpty()) {
                out.add(kept);
            }
        }
        return out;
    }

    /**
     * Names as word sequences split the way {@link #clauses} splits text (lower case, possessive "'s" dropped),
     * indexed by their first word, longest first so that "cork market" is cut before "cork".
     */
    public static final class Names {
        private final Map<String, List<List<String>>> byFirstWord = new HashMap<>();

        public Names(java.util.Collection<String> names) {
            Set<List<String>> all = new HashSet<>();
            for (String name : names) {
                if (name != null) {
                    for (List<String> clause : rawClauses(name)) {
                        all.add(List.copyOf(clause));
                    }
                }
            }
            for (List<String> n : all) {
                byFirstWord.computeIfAbsent(n.get(0), w -> new ArrayList<>()).add(n);
            }
            byFirstWord
                    .values()
                    .forEach(l -> l.sort(java.util.Comparator.<List<String>>comparingInt(List::size)
                            .reversed()
                            .thenComparing(Object::toString)));
        }

        boolean isEmpty() {
            return byFirstWord.isEmpty();
        }

        /** Whether {@code text} (a label, a phrase) holds one of the names. */
        public boolean holds(String text) {
            if (isEmpty() || text == null) {
                return false;
            }
            for (List<String> clause : rawClauses(text)) {
                if (cut(clause).size() < clause.size()) {
                    return true;
                }
            }
            return false;
        }

        /** The words of {@code clause} less every name (longest first) and the preposition before it. */
        List<String> cut(List<String> clause) {
            List<String> out = new ArrayList<>(clause.size());
            int i = 0;
            outer:
            while (i < clause.size()) {
                for (List<String> name : byFirstWord.getOrDefault(clause.get(i), List.of())) {
                    int n = name.size();
                    if (i + n <= clause.size() && clause.subList(i, i + n).equals(name)) {
                        if (!out.isEmpty() && NAME_PREPOSITIONS.contains(out.get(out.size() - 1))) {
                            out.remove(out.size() - 1);
                        }
                        i += n;
                        continue outer;
                    }
                }
                out.add(clause.get(i++));
            }
            return out;
        }
    }

    private static List<List<String>> rawClauses(String text) {
        String clean =
                NOISE.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\'')).replaceAll(" . ");
        List<List<String>> out = new ArrayList<>();
        for (String clause : BOUNDARY.split(clean)) {
            List<String> words = new ArrayList<>();
            for (String raw : clause.trim().split("\\s+")) {
                java.util.regex.Matcher m = WORD.matcher(raw);
                if (!m.find() || MASK.matcher(m.group()).matches()) {
                    // a mask or a stray symbol ends the clause: words on either side never were adjacent
                    if (!words.isEmpty()) {
                        out.add(words);
                        words = new ArrayList<>();
                    }
                    continue;
                }
                String w = STOP.contains(m.group()) ? m.group() : m.group().replaceAll("'s$", "");
                if (w.length() > 1 || STOP.contains(w)) {
                    words.add(w);
                }
            }
            if (!words.isEmpty()) {
                out.add(words);
            }
        }
        return out;
    }

    /** The 1–{@link #MAX_WORDS}-word candidates of one clause, given the words no phrase may start or end with. */
    static List<String> phrases(List<String> words, Set<String> filler) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String first = words.get(i);
            boolean firstStop = STOP.contains(first) || filler.contains(first);
            if (firstStop && !OPENERS.contains(first)) {
                continue;
            }
            for (int n = 1; n <= MAX_WORDS && i + n <= words.size(); n++) {
                String last = words.get(i + n - 1);
                boolean particle = n > 1 && PARTICLES.contains(last) && !STOP.contains(words.get(i + n - 2));
                if ((STOP.contains(last) && !particle) || filler.contains(last) || n == 1 && firstStop) {
                    continue;
                }
                List<String> gram = words.subList(i, i + n);
                if (new HashSet<>(gram).size() < n) {
                    continue; // "twice twice": a stutter, not a phrase
                }
                if (n == 3 && PERSONAL.contains(gram.get(1))) {
                    continue; // "money i transferred", "give my daughter": a label never speaks as the customer
                }
                out.add(String.join(" ", gram));
            }
        }
        return out;
    }

    /** Content words (not stop words) of a phrase or label. */
    public static Set<String> contentWords(String phrase) {
        Set<String> out = new HashSet<>();
        for (List<String> clause : clauses(phrase)) {
            for (String w : clause) {
                if (!STOP.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /**
     * Words frequent in the corpus but telling of no topic (see the class comment); needs 3 topics, since with
     * fewer every frequent word is spread evenly by construction.
     */
    static Set<String> filler(List<List<List<List<String>>>> clausesByTopic) {
        if (clausesByTopic.size() < 3) {
            return Set.of();
        }
        Map<String, Integer> docFreq = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        List<Map<String, Integer>> perTopic = new ArrayList<>();
        long[] topicWords = new long[clausesByTopic.size()];
        long words = 0;
        int docs = 0;
        for (int t = 0; t < clausesByTopic.size(); t++) {
            Map<String, Integer> counts = new HashMap<>();
            for (List<List<String>> doc : clausesByTopic.get(t)) {
                docs++;
                Set<String> seen = new HashSet<>();
                for (List<String> clause : doc) {
                    for (String w : clause) {
                        if (STOP.contains(w)) {
                            continue;
                        }
                        counts.merge(w, 1, Integer::sum);
                        topicWords[t]++;
                        if (seen.add(w)) {
                            docFreq.merge(w, 1, Integer::sum);
                        }
                    }
                }
            }
            counts.forEach((w, c) -> total.merge(w, c, Integer::sum));
            words += topicWords[t];
            perTopic.add(counts);
        }
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Integer> e : docFreq.entrySet()) {
            if (e.getValue() < Math.max(3, FILLER_DOC_SHARE * docs)) {
                continue;
            }
            double corpusShare = total.get(e.getKey()) / (double) words;
            double maxLift = 0;
            for (int t = 0; t < perTopic.size(); t++) {
                int c = perTopic.get(t).getOrDefault(e.getKey(), 0);
                if (c > 1 && topicWords[t] > 0) {
                    maxLift = Math.max(maxLift, c / (double) topicWords[t] / corpusShare);
                }
            }
            if (maxLift < FILLER_LIFT) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Phrases that nearly always occur inside one longer phrase of the same topic ("stock" inside "out of stock",
     * "cool" inside "not cool"): at least {@link #SUBSUMED} of their occurrences. The longer phrase says more, and
     * keeping both would spend two of a label's slots on one complaint.
     */
    static Set<String> subsumed(Map<String, Integer> counts) {
        Map<String, Integer> inside = new HashMap<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String[] w = e.getKey().split(" ");
            for (int from = 0; from < w.length; from++) {
                for (int to = from + 1; to <= w.length; to++) {
                    if (to - from < w.length) {
                        inside.merge(String.join(" ", Arrays.copyOfRange(w, from, to)), e.getValue(), Math::max);
                    }
                }
            }
        }
        Set<String> out = new HashSet<>();
        counts.forEach((p, c) -> {
            if (inside.getOrDefault(p, 0) >= SUBSUMED * c) {
                out.add(p);
            }
        });
        return out;
    }

    /** Per topic ({@code docsByTopic.get(t)} its texts), the best {@code k} candidates by c-TF-IDF. */
    public static List<List<Scored>> candidates(List<List<String>> docsByTopic, int k) {
        return candidates(docsByTopic, k, Set.of());
    }

    /**
     * Per topic, the best {@code k} candidates by c-TF-IDF, none holding one of {@code names} (stores, places,
     * people, brands: a label says what went wrong, never where or with whom).
     */
    public static List<List<Scored>> candidates(List<List<String>> docsByTopic, int k, Set<String> names) {
        Names index = new Names(names);
        List<List<List<List<String>>>> clausesByTopic = docsByTopic.stream()
                .map(docs -> docs.stream().map(d -> clauses(d, index)).toList())
                .toList();
        Set<String> filler = filler(clausesByTopic);
        int topics = docsByTopic.size();
        List<Map<String, Integer>> tf = new ArrayList<>(topics);
        List<Map<String, Integer>> df = new ArrayList<>(topics);
        Map<String, Integer> totalDocs = new HashMap<>();
        long docs = 0;
        for (int t = 0; t < topics; t++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, Integer> docCounts = new HashMap<>();
            for (List<List<String>> doc : clausesByTopic.get(t)) {
                Set<String> seen = new HashSet<>();
                for (List<String> clause : doc) {
                    for (String p : phrases(clause, filler)) {
                        counts.merge(p, 1, Integer::sum);
                        seen.add(p);
                    }
                }
                seen.forEach(p -> docCounts.merge(p, 1, Integer::sum));
            }
            docCounts.forEach((p, c) -> totalDocs.merge(p, c, Integer::sum));
            docs += clausesByTopic.get(t).size();
            tf.add(counts);
            df.add(docCounts);
        }
        double avgDocs = topics == 0 ? 0 : (double) docs / topics;
        List<List<Scored>> out = new ArrayList<>(topics);
        for (int t = 0; t < topics; t++) {
            Map<String, Integer> counts = tf.get(t);
            Map<String, Integer> docCounts = df.get(t);
            Set<String> subsumed = subsumed(counts);
            double d = Math.max(1, clausesByTopic.get(t).size());
            // a phrase seen once in a topic says little about it (unless the topic is tiny)
            List<Scored> scored = counts.entrySet().stream()
                    .filter(e -> e.getValue() > 1 || counts.size() < 20)
                    .filter(e -> !subsumed.contains(e.getKey()))
                    .map(e -> {
                        double share = docCounts.get(e.getKey()) / d;
                        return new Scored(e.getKey(), share * Math.log(1 + avgDocs / totalDocs.get(e.getKey())), share);
                    })
                    .sorted(java.util.Comparator.comparingDouble(Scored::weight)
                            .reversed()
                            .thenComparing(Scored::phrase))
                    .toList();
            // single words and phrases compete apart: a word is always at least as frequent as a phrase holding it,
            // and in long texts the words alone would fill the list
            List<Scored> both = new ArrayList<>(scored.stream()
                    .filter(x -> !x.phrase().contains(" "))
                    .limit(k)
                    .toList());
            both.addAll(scored.stream()
                    .filter(x -> x.phrase().contains(" "))
                    .limit(k)
                    .toList());
            both.sort(java.util.Comparator.comparingDouble(Scored::weight)
                    .reversed()
                    .thenComparing(Scored::phrase));
            out.add(both);
        }
        return out;
    }
}
