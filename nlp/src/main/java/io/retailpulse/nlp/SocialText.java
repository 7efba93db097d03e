package io.retailpulse.nlp;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises raw social text for the encoder and keeps, for every character of the normalised text, the range
 * of original characters it came from, so spans found in the normalised text map back to the original.
 *
 * <p>Rules: HTML entities decoded; URLs become {@code url}; {@code @mentions} become {@code @user}; hashtags lose
 * the {@code #} and CamelCase words are split ({@code #BlackFriday} → {@code Black Friday}); common emoji become
 * words, other pictographs the token {@code emoji}; letters repeated three or more times are cut to two
 * ({@code sooo} → {@code soo}); whitespace runs collapse to one space; control characters are dropped. Case is
 * kept (NER uses it through word shapes; the uncased tokenizer lower-cases anyway).
 */
public final class SocialText {
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@\\w{1,30}");
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\w#])#(\\w+)");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of(
            "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "hellip", "...", "rsquo", "'",
            "lsquo", "'", "mdash", "-");
    private static final Map<Integer, String> EMOJI = Map.ofEntries(
            Map.entry(0x1F602, "laughing"),
            Map.entry(0x1F923, "laughing"),
            Map.entry(0x1F604, "smile"),
            Map.entry(0x1F603, "smile"),
            Map.entry(0x1F600, "smile"),
            Map.entry(0x1F601, "smile"),
            Map.entry(0x1F60A, "smile"),
            Map.entry(0x1F642, "smile"),
            Map.entry(0x263A, "smile"),
            Map.entry(0x1F60D, "love"),
            Map.entry(0x2764, "love"),
            Map.entry(0x1F495, "love"),
            Map.entry(0x1F496, "love"),
            Map.entry(0x1F499, "love"),
            Map.entry(0x1F49C, "love"),
            Map.entry(0x1F618, "kiss"),
            Map.entry(0x1F970, "love"),
            Map.entry(0x1F44D, "good"),
            Map.entry(0x1F44E, "bad"),
            Map.entry(0x1F44F, "applause"),
            Map.entry(0x1F64C, "celebrate"),
            Map.entry(0x1F389, "celebrate"),
            Map.entry(0x1F525, "fire"),
            Map.entry(0x2728, "sparkle"),
            Map.entry(0x1F622, "sad"),
            Map.entry(0x1F62D, "crying"),
            Map.entry(0x1F61E, "sad"),
            Map.entry(0x1F614, "sad"),
            Map.entry(0x1F61F, "worried"),
            Map.entry(0x1F620, "angry"),
            Map.entry(0x1F621, "angry"),
            Map.entry(0x1F624, "angry"),
            Map.entry(0x1F92C, "angry"),
            Map.entry(0x1F612, "annoyed"),
            Map.entry(0x1F644, "annoyed"),
            Map.entry(0x1F629, "tired"),
            Map.entry(0x1F62B, "tired"),
            Map.entry(0x1F631, "shocked"),
            Map.entry(0x1F633, "shocked"),
            Map.entry(0x1F914, "thinking"),
            Map.entry(0x1F60E, "cool"),
            Map.entry(0x1F609, "wink"),
            Map.entry(0x1F61C, "playful"),
            Map.entry(0x1F64F, "please"),
            Map.entry(0x1F4AF, "perfect"),
            Map.entry(0x1F937, "shrug"),
            Map.entry(0x1F926, "facepalm"),
            Map.entry(0x1F922, "disgusted"),
            Map.entry(0x1F92E, "disgusted"),
            Map.entry(0x1F494, "heartbroken"),
            Map.entry(0x1F480, "dead"));

    /** Normalised text and, per normalised char, the original range {@code [start[i], end[i])}. */
    public record Normalized(String original, String text, int[] start, int[] end) {
        /** Maps a normalised span {@code [from, to)} back to an original span. */
        public int[] toOriginal(int from, int to) {
            if (text.isEmpty() || from >= to) {
                return new int[] {0, 0};
            }
            from = Math.max(0, Math.min(from, text.length() - 1));
            to = Math.max(from + 1, Math.min(to, text.length()));
            int s = Integer.MAX_VALUE;
            int e = 0;
            for (int i = from; i < to; i++) {
                s = Math.min(s, start[i]);
                e = Math.max(e, end[i]);
            }
            return new int[] {s, e};
        }
    }

    private SocialText() {}

    public static Normalized normalize(String raw) {
        String in = raw == null ? "" : raw;
        Builder out = new Builder(in.length());
        int i = 0;
        Matcher url = URL.matcher(in);
        Matcher mention = MENTION.matcher(in);
        Matcher hashtag = HASHTAG.matcher(in);
        Matcher entity = ENTITY.matcher(in);
        while (i < in.length()) {
            char c = in.charAt(i);
            if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && url.find(i) && url.start() == i) {
                out.word("url", i, url.end());
                i = url.end();
                continue;
            }
            if (c == '@' && mention.find(i) && mention.start() == i) {
                out.word("@user", i, mention.end());
                i = mention.end();
                continue;
            }
            if (c == '#' && hashtag.find(i) && hashtag.start() == i) {
                splitCamel(in, hashtag.start(1), hashtag.end(1), out);
                i = hashtag.end();
                continue;
            }
            if (c == '&' && entity.find(i) && entity.start() == i) {
                String decoded = decodeEntity(entity.group(1));
                if (decoded != null) {
                    out.span(decoded, i, entity.end());
                    i = entity.end();
                    continue;
                }
            }
            int cp = in.codePointAt(i);
            int n = Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.space(i);
            } else if (EMOJI.containsKey(cp)) {
                out.word(EMOJI.get(cp), i, i + n);
            } else if (isPictograph(cp)) {
                out.word("emoji", i, i + n);
            } else if (Character.getType(cp) == Character.CONTROL
                    || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.NON_SPACING_MARK && out.lastIsSpace()
                    || cp == 0xFE0F
                    || Character.getType(cp) == Character.SURROGATE
                    || Character.getType(cp) == Character.UNASSIGNED
                    || Character.getType(cp) == Character.PRIVATE_USE) {
                // dropped: zero-width joiners, variation selectors, lone surrogates, private-use characters
            } else if (Character.isLetter(cp) && out.repeats(cp) >= 2) {
                // elongation: keep at most two of the same letter in a row
            } else {
                out.chars(in, i, i + n);
            }
            i += n;
        }
        return out.build(in);
    }

    private static boolean isPictograph(int cp) {
        return cp >= 0x1F000 && cp <= 0x1FAFF || cp >= 0x2600 && cp <= 0x27BF || cp >= 0x2B00 && cp <= 0x2BFF;
    }

    private static String decodeEntity(String body) {
        try {
            if (body.startsWith("#x") || body.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(body.substring(2), 16)));
            }
            if (body.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(body.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return NAMED.get(body.toLowerCase());
    }

    /** Splits a hashtag body at lower→upper and letter↔digit changes, each part mapped to its source chars. */
    private static void splitCamel(String in, int from, int to, Builder out) {
        out.space(from);
        int partStart = from;
        for (int k = from + 1; k <= to; k++) {
            boolean boundary = k == to;
            if (!boundary) {
                char prev = in.charAt(k - 1);
                char cur = in.charAt(k);
                boolean nextLower = k + 1 < to && Character.isLowerCase(in.charAt(k + 1));
                boundary = Character.isLowerCase(prev) && Character.isUpperCase(cur)
                        || Character.isUpperCase(prev) && Character.isUpperCase(cur) && nextLower
                        || Character.isLetter(prev) && Character.isDigit(cur)
                        || Character.isDigit(prev) && Character.isLetter(cur)
                        || cur == '_'
                        || prev == '_';
            }
            if (boundary) {
                for (int p = partStart; p < k; p++) {
                    if (in.charAt(p) != '_') {
                        out.chars(in, p, p + 1);
                    }
                }
                out.space(k);
                partStart = k;
            }
        }
    }

    private static final class Builder {
        private final StringBuilder text;
        private int[] start;
        private int[] end;

        Builder(int capacity) {
            text = new StringBuilder(capacity + 16);
            start = new int[capacity + 16];
            end = new int[capacity + 16];
        }

        private void put(char c, int s, int e) {
            if (text.length() == start.length) {
                start = Arrays.copyOf(start, start.length * 2 + 8);
                end = Arrays.copyOf(end, end.length * 2 + 8);
            }
            start[text.length()] = s;
            end[text.length()] = e;
            text.append(c);
        }

        boolean lastIsSpace() {
            return text.length() == 0 || text.charAt(text.length() - 1) == ' ';
        }

        void space(int at) {
            if (!lastIsSpace()) {
                put(' ', at, at);
            }
        }

        /** Copies original chars one to one. */
        void chars(String in, int from, int to) {
            for (int k = from; k < to; k++) {
                put(in.charAt(k), k, k + 1);
            }
        }

        /** A replacement that maps as a whole to {@code [s, e)}. */
        void span(String replacement, int s, int e) {
            for (int k = 0; k < replacement.length(); k++) {
                char c = replacement.charAt(k);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    space(s);
                } else {
                    put(c, s, e);
                }
            }
        }

        /** A replacement word set off by spaces. */
        void word(String w, int s, int e) {
            space(s);
            span(w, s, e);
            put(' ', e, e);
        }

        /** How many times {@code cp} (a BMP letter) already ends the text, case-insensitively. */
        int repeats(int cp) {
            int n = 0;
            for (int k = text.length() - 1;
                    k >= 0 && Character.toLowerCase(text.charAt(k)) == Character.toLowerCase(cp);
                    k--) {
                n++;
            }
            return n;
        }

        Normalized build(String original) {
            int len = text.length();
            int from = 0;
            while (from < len && text.charAt(from) == ' ') {
                from++;
            }
            while (len > from && text.charAt(len - 1) == ' ') {
                len--;
            }
            return new Normalized(
                    original,
                    text.substring(from, len),
                    Arrays.copyOfRange(start, from, len),
                    Arrays.copyOfRange(end, from, len));
        }
    }
}
