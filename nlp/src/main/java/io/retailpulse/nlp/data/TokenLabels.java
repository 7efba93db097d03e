package io.retailpulse.nlp.data;

import io.retailpulse.nlp.NerLabels;
import io.retailpulse.nlp.TextEncoding;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Word-level BIO tags → one label per word piece of the served encoding of {@link Datasets.Tagged#text()}: the
 * first piece of a word takes the word's tag, later pieces of an entity word take I-type; special tokens -1.
 */
public final class TokenLabels {
    private TokenLabels() {}

    /**
     * @param types   the head's type list (label order)
     * @param mapType maps a source type to one in {@code types} (identity for the source's own head)
     */
    public static int[] align(
            TextEncoding enc, Datasets.Tagged sentence, List<String> types, UnaryOperator<String> mapType) {
        int[] starts = sentence.starts();
        int[] labels = new int[enc.length()];
        int prevWord = -1;
        for (int t = 0; t < enc.length(); t++) {
            if (enc.tokenStart()[t] < 0) {
                labels[t] = -1;
                continue;
            }
            int[] orig = enc.normalized().toOriginal(enc.tokenStart()[t], enc.tokenEnd()[t]);
            int word = wordAt(starts, orig[0]);
            String tag = sentence.tags().get(word);
            if (tag.equals("O")) {
                labels[t] = 0;
            } else {
                int b = NerLabels.begin(types, mapType.apply(tag.substring(2)));
                boolean first = word != prevWord;
                labels[t] = b == 0 ? 0 : first && tag.startsWith("B-") ? b : b + 1;
            }
            prevWord = word;
        }
        return labels;
    }

    /** Index of the word whose text contains char {@code pos} (the last word starting at or before it). */
    public static int wordAt(int[] starts, int pos) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
