package io.retailpulse.nlp;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Raw text → {@link TextEncoding}: {@link SocialText} normalisation, the base encoder's WordPiece tokenizer
 * (truncated to {@code maxTokens} including [CLS]/[SEP]), and a word-shape id per token. The vocabulary is
 * uncased, so the shape carries the casing NER needs. Training and serving both use this class.
 */
public final class Featurizer implements AutoCloseable {
    /** Shape ids: 0 special, 1 lower, 2 Capitalised, 3 UPPER, 4 mIxed, 5 digits, 6 punctuation, 7 other; +8 for a ##continuation. */
    public static final int SHAPES = 16;

    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    /** With the tokenizer of the base the committed artifacts were trained on. */
    public Featurizer(int maxTokens) {
        this(maxTokens, BaseEncoder.Base.served());
    }

    public Featurizer(int maxTokens, BaseEncoder.Base base) {
        this.maxTokens = maxTokens;
        try (InputStream tok = BaseEncoder.resource(base.tokenizer())) {
            Map<String, String> options = new HashMap<>();
            options.put("truncation", "true");
            options.put("padding", "false");
            options.put("maxLength", Integer.toString(maxTokens));
            this.tokenizer = HuggingFaceTokenizer.newInstance(tok, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer", e);
        }
    }

    public int maxTokens() {
        return maxTokens;
    }

    public TextEncoding encode(String raw) {
        return encode(SocialText.normalize(raw));
    }

    public TextEncoding encode(SocialText.Normalized norm) {
        String text = norm.text();
        Encoding enc = tokenizer.encode(text);
        long[] ids = enc.getIds();
        long[] types = enc.getTypeIds();
        String[] tokens = enc.getTokens();
        CharSpan[] spans = enc.getCharTokenSpans();
        long[] specialMask = enc.getSpecialTokenMask();
        int[] cpToChar = codePointIndex(text);
        int n = ids.length;
        int[] start = new int[n];
        int[] end = new int[n];
        long[] shapes = new long[n];
        boolean[] cont = new boolean[n];
        for (int i = 0; i < n; i++) {
            CharSpan span = spans == null || i >= spans.length ? null : spans[i];
            boolean special = specialMask != null && i < specialMask.length && specialMask[i] == 1;
            if (special || span == null || span.getStart() < 0 || span.getEnd() <= span.getStart()) {
                start[i] = -1;
                end[i] = -1;
                shapes[i] = 0;
                continue;
            }
            // the tokenizer counts code points; Java strings count UTF-16 units
            start[i] = cpToChar[Math.min(span.getStart(), cpToChar.length - 1)];
            end[i] = cpToChar[Math.min(span.getEnd(), cpToChar.length - 1)];
            cont[i] = tokens[i].startsWith("##");
            shapes[i] = shape(text, start[i], end[i]) + (cont[i] ? 8 : 0);
        }
        return new TextEncoding(norm, ids, types, shapes, start, end, cont);
    }

    /** UTF-16 index of every code point index, plus one past the end. */
    private static int[] codePointIndex(String text) {
        int cps = text.codePointCount(0, text.length());
        int[] index = new int[cps + 1];
        int c = 0;
        for (int k = 0; k < cps; k++) {
            index[k] = c;
            c += Character.charCount(text.codePointAt(c));
        }
        index[cps] = text.length();
        return index;
    }

    static int shape(String text, int from, int to) {
        int upper = 0;
        int lower = 0;
        int digit = 0;
        int punct = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isUpperCase(c)) {
                upper++;
            } else if (Character.isLowerCase(c)) {
                lower++;
            } else if (Character.isDigit(c)) {
                digit++;
            } else if (!Character.isLetterOrDigit(c)) {
                punct++;
            }
        }
        int len = to - from;
        if (digit > 0) {
            return 5;
        }
        if (punct == len) {
            return 6;
        }
        if (upper == 0 && lower > 0) {
            return 1;
        }
        if (upper > 0 && lower == 0) {
            return upper > 1 ? 3 : 2;
        }
        if (upper > 0 && Character.isUpperCase(text.charAt(from)) && upper == 1) {
            return 2;
        }
        return upper > 0 ? 4 : 7;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
