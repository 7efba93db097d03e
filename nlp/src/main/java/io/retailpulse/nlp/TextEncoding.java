package io.retailpulse.nlp;

/**
 * One text ready for the encoder: token ids with [CLS]/[SEP], word-shape ids, and each token's span in the
 * normalised text ({@code -1} for special tokens).
 */
public record TextEncoding(
        SocialText.Normalized normalized,
        long[] ids,
        long[] typeIds,
        long[] shapes,
        int[] tokenStart,
        int[] tokenEnd,
        boolean[] continuation) {
    public int length() {
        return ids.length;
    }
}
