package io.retailpulse.inference.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class-based TF-IDF (BERTopic's c-TF-IDF): all documents of a topic form one document; a term weighs
 * {@code tf(t,c) / |c| * log(1 + A / f(t))}, A the mean number of words per topic and f(t) the term's frequency
 * over all topics. Unigrams and bigrams, English stop words and social-media fillers removed.
 */
public final class Keywords {
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}']*");
    /** Redaction masks ("XXXX", "XX/XX/XXXX" in CFPB-style exports): they say nothing about a topic. */
    private static final Pattern MASK = Pattern.compile("x{2,}");

    private static final Set<String> STOP =
            Set.copyOf(java.util.Arrays.asList(("a about above after again against all am an and any are aren't as at "
                            + "be because been before being below between both but by can can't cannot could couldn't did didn't do does "
                            + "doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he "
                            + "her here hers herself him himself his how i i'm i've i'd i'll if in into is isn't it it's its itself "
                            + "let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out "
                            + "over own same shan't she should shouldn't so some such than that that's the their theirs them themselves "
                            + "then there there's these they they're this those through to too under until up very was wasn't we we're "
                            + "were weren't what what's when where which while who whom why with won't would wouldn't you you're your "
                            + "yours yourself yourselves just also get got still will im dont cant ive one can't us please hi hello "
                            + "thanks thank yet even way want need like know go going much many really now ago since 've 're 's 'll "
                            + "it’s don’t i’m "
                            // social-media fillers: frequent in posts, never the reason for a complaint
                            + "lol lmao omg tbh smh idk imo imho btw ugh ngl wtf rn af yall gonna wanna literally honestly seriously "
                            + "totally lately")
                    .split(" ")));

    private Keywords() {}

    /** The top {@code k} terms of each topic; {@code docsByTopic.get(t)} are the texts of topic t. */
    public static List<List<String>> topTerms(List<List<String>> docsByTopic, int k) {
        int topics = docsByTopic.size();
        List<Map<String, Integer>> tf = new ArrayList<>(topics);
        Map<String, Integer> total = new HashMap<>();
        long words = 0;
        for (List<String> docs : docsByTopic) {
            Map<String, Integer> counts = new HashMap<>();
            for (String doc : docs) {
                List<String> tokens = tokens(doc);
                for (int i = 0; i < tokens.size(); i++) {
                    String t = tokens.get(i);
                    if (STOP.contains(t)) {
                        continue;
                    }
                    counts.merge(t, 1, Integer::sum);
                    if (i + 1 < tokens.size() && !STOP.contains(tokens.get(i + 1))) {
                        counts.merge(t + " " + tokens.get(i + 1), 1, Integer::sum);
                    }
                }
            }
            counts.forEach((t, c) -> total.merge(t, c, Integer::sum));
            words += counts.values().stream().mapToLong(Integer::longValue).sum();
            tf.add(counts);
        }
        double avg = topics == 0 ? 0 : (double) words / topics;
        List<List<String>> out = new ArrayList<>(topics);
        for (Map<String, Integer> counts : tf) {
            double size = Math.max(
                    1, counts.values().stream().mapToLong(Integer::longValue).sum());
            // a term seen once in a topic says little about it
            out.add(counts.entrySet().stream()
                    .filter(e -> e.getValue() > 1 || counts.size() < 20)
                    .map(e -> Map.entry(e.getKey(), e.getValue() / size * Math.log(1 + avg / total.get(e.getKey()))))
                    .sorted(Map.Entry.<String, Double>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(k)
                    .map(Map.Entry::getKey)
                    .toList());
        }
        return out;
    }

    /** A readable label: the best terms, skipping a unigram already inside a chosen bigram. */
    public static String label(List<String> terms) {
        List<String> chosen = new ArrayList<>();
        for (String t : terms) {
            if (chosen.size() == 3) {
                break;
            }
            boolean redundant = chosen.stream()
                    .anyMatch(c -> (" " + c + " ").contains(" " + t + " ") || (" " + t + " ").contains(" " + c + " "));
            if (!redundant) {
                chosen.add(t);
            }
        }
        return chosen.isEmpty() ? "misc" : String.join(", ", chosen);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (w.length() > 1 && !MASK.matcher(w).matches()) {
                out.add(w);
            }
        }
        return out;
    }
}
