package io.retailpulse.nlp.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Readers for the shared training/evaluation data (../shared/data); used by training and the quality report. */
public final class Datasets {
    /** A labelled text; label 0 negative, 1 neutral, 2 positive. */
    public record Labelled(String text, int label) {}

    /** A tokenised sentence with BIO tags (types as in the source, B-/I- prefixes). */
    public record Tagged(List<String> tokens, List<String> tags) {
        /** The sentence as the served model sees it: tokens joined by one space. */
        public String text() {
            return String.join(" ", tokens);
        }

        /** Character start of each token in {@link #text()}. */
        public int[] starts() {
            int[] s = new int[tokens.size()];
            int pos = 0;
            for (int i = 0; i < tokens.size(); i++) {
                s[i] = pos;
                pos += tokens.get(i).length() + 1;
            }
            return s;
        }
    }

    /** An entity over tokens {@code [start, end)}. */
    public record Span(int start, int end, String type) {}

    private static final Map<String, Integer> SENTIMENT = Map.of("negative", 0, "neutral", 1, "positive", 2);

    private Datasets() {}

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** SemEval 4A TSV: id, label, text; the texts hold literal JSON escapes (\u2019) that are decoded here. */
    public static List<Labelled> semeval(Path file) {
        List<Labelled> out = new ArrayList<>();
        for (String line : lines(file)) {
            String[] cols = line.split("\t");
            if (cols.length < 3 || !SENTIMENT.containsKey(cols[1].trim())) {
                continue;
            }
            String text = unescape(cols[2].trim());
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1);
            }
            out.add(new Labelled(text, SENTIMENT.get(cols[1].trim())));
        }
        return out;
    }

    /** Decodes {@code \\uXXXX} and the simple backslash escapes. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == 'u' && i + 5 < s.length() + 0 && isHex(s, i + 2, i + 6)) {
                    b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                }
                if (n == 'n' || n == 't' || n == 'r') {
                    b.append(' ');
                    i++;
                    continue;
                }
                if (n == '"' || n == '\\' || n == '/' || n == '\'') {
                    b.append(n);
                    i++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        if (to > s.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** SST-2 TSV (header line, sentence \t label with 1 = positive): labels mapped to 0 negative / 2 positive. */
    public static List<Labelled> sst2(Path file) {
        List<Labelled> out = new ArrayList<>();
        for (String line : lines(file)) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                continue;
            }
            String label = line.substring(tab + 1).trim();
            if (!label.equals("0") && !label.equals("1")) {
                continue;
            }
            out.add(new Labelled(line.substring(0, tab).trim(), label.equals("1") ? 2 : 0));
        }
        return out;
    }

    /** CoNLL-2003 (token POS chunk NER, IOB1): sentences with BIO tags; -DOCSTART- dropped. */
    public static List<Tagged> conll(Path file) {
        List<Tagged> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String line : lines(file)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("-DOCSTART-")) {
                flush(out, tokens, tags, true);
                continue;
            }
            String[] cols = l.split("\\s+");
            tokens.add(cols[0]);
            tags.add(cols[cols.length - 1]);
        }
        flush(out, tokens, tags, true);
        return out;
    }

    /** WNUT-17 (token \t BIO tag). */
    public static List<Tagged> wnut(Path file) {
        List<Tagged> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String line : lines(file)) {
            if (line.isBlank()) {
                flush(out, tokens, tags, false);
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 2 || cols[0].isBlank()) {
                continue;
            }
            tokens.add(cols[0].strip());
            tags.add(cols[cols.length - 1].trim());
        }
        flush(out, tokens, tags, false);
        return out;
    }

    private static void flush(List<Tagged> out, List<String> tokens, List<String> tags, boolean iob1) {
        if (tokens.isEmpty()) {
            return;
        }
        List<String> bio = new ArrayList<>(tags.size());
        String prevType = null;
        for (String tag : tags) {
            if (tag.equals("O") || tag.length() < 3) {
                bio.add("O");
                prevType = null;
                continue;
            }
            String type = tag.substring(2);
            boolean begin = tag.startsWith("B-") || iob1 && !type.equals(prevType) || !iob1 && prevType == null;
            bio.add((begin ? "B-" : "I-") + type);
            prevType = type;
        }
        out.add(new Tagged(List.copyOf(tokens), bio));
        tokens.clear();
        tags.clear();
    }

    /** Entity spans of a BIO sequence (an I- without its B- starts a new span). */
    public static List<Span> spans(List<String> tags) {
        List<Span> out = new ArrayList<>();
        int i = 0;
        while (i < tags.size()) {
            String t = tags.get(i);
            if (t.equals("O")) {
                i++;
                continue;
            }
            String type = t.substring(2);
            int end = i + 1;
            while (end < tags.size() && tags.get(end).equals("I-" + type)) {
                end++;
            }
            out.add(new Span(i, end, type));
            i = end;
        }
        return out;
    }
}
