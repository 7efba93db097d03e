package io.retailpulse.inference.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalisation that catalog names and feedback texts share before they are compared: words are runs of
 * letters and digits (punctuation and hyphens split them), lower-cased, accents removed, plurals reduced
 * ("Strawberries" = "strawberry", "Bagels" = "bagel"), so offsets still point into the original text.
 */
public final class CatalogText {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** A word of the original text: its normal form and its character span (end exclusive). */
    public record Word(String norm, int start, int end) {}

    private CatalogText() {}

    public static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(new Word(normalise(m.group()), m.start(), m.end()));
        }
        return out;
    }

    /** The normal forms of the words of a name. */
    public static List<String> norms(String name) {
        return words(name).stream().map(Word::norm).toList();
    }

    /** Lower case, no accents, singular. */
    public static String normalise(String word) {
        String w = MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
        return singular(w);
    }

    static String singular(String w) {
        if (w.length() < 4 || !Character.isLetter(w.charAt(w.length() - 1))) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        for (String suffix : new String[] {"sses", "xes", "zes", "ches", "shes"}) {
            if (w.endsWith(suffix)) {
                return w.substring(0, w.length() - 2);
            }
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /**
     * True when {@code a} and {@code b} are at most one edit apart (insertion, deletion, substitution or a swap of
     * two neighbours: the optimal string alignment distance).
     */
    public static boolean withinOneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int i = 0;
        while (i < la && i < lb && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == la && i == lb) {
            return true;
        }
        if (la == lb) {
            // one substitution, or one swap of neighbours
            if (a.regionMatches(i + 1, b, i + 1, la - i - 1)) {
                return true;
            }
            return i + 1 < la
                    && a.charAt(i) == b.charAt(i + 1)
                    && a.charAt(i + 1) == b.charAt(i)
                    && a.regionMatches(i + 2, b, i + 2, la - i - 2);
        }
        // one insertion / deletion
        return la > lb ? a.regionMatches(i + 1, b, i, lb - i) : b.regionMatches(i + 1, a, i, la - i);
    }
}
