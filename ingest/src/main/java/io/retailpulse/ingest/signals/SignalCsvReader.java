package io.retailpulse.ingest.signals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code name,ds,value} CSV (header first, any column order, extra columns allowed, BOM, CRLF or LF) row by
 * row, each row a {@link SignalEvent} or a line-numbered error (the header is line 1). Its own small reader
 * because errors must carry exact physical line numbers; quoted fields may not span lines.
 */
final class SignalCsvReader {
    static final List<String> COLUMNS = List.of("name", "ds", "value");
    static final int MAX_LINE_CHARS = 4096;

    /** The body has no usable header: the whole request is a 400. */
    static final class HeaderException extends RuntimeException {
        HeaderException(String message) {
            super(message);
        }
    }

    interface Sink {
        void accept(long line, SignalEvent event);

        void reject(long line, String reason, String raw);
    }

    private SignalCsvReader() {}

    static void read(InputStream body, Charset charset, String source, Instant now, Sink sink) {
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, decoder))) {
            long lineNo = 0;
            String line;
            Map<String, Integer> columns = null;
            int width = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (columns == null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.charAt(0) == '\uFEFF') {
                        line = line.substring(1);
                    }
                    List<String> names = split(line);
                    columns = new HashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        columns.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
                    }
                    List<String> lacking =
                            COLUMNS.stream().filter(c -> !hasColumn(names, c)).toList();
                    if (!lacking.isEmpty()) {
                        throw new HeaderException("The CSV header lacks column(s) " + String.join(", ", lacking)
                                + "; expected name,ds,value (extra columns are allowed)");
                    }
                    width = names.size();
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(lineNo, row(line, columns, width, source, now, charset));
                } catch (IllegalArgumentException e) {
                    sink.reject(lineNo, e.getMessage(), line.length() > MAX_LINE_CHARS ? "" : line);
                }
            }
            if (columns == null) {
                throw new HeaderException("The body is empty: expected a CSV header name,ds,value");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload failed: " + e.getMessage(), e);
        }
    }

    private static boolean hasColumn(List<String> names, String column) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(column));
    }

    private static SignalEvent row(
            String line, Map<String, Integer> columns, int width, String source, Instant now, Charset charset) {
        if (line.length() > MAX_LINE_CHARS) {
            throw new IllegalArgumentException("line is longer than " + MAX_LINE_CHARS + " characters");
        }
        if (line.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("line is not valid " + charset.name());
        }
        List<String> f = split(line);
        if (f.size() != width) {
            throw new IllegalArgumentException("expected " + width + " fields, found " + f.size());
        }
        String name = SignalRules.name(f.get(columns.get("name")));
        return new SignalEvent(
                name,
                SignalRules.day(f.get(columns.get("ds")), now),
                SignalRules.value(f.get(columns.get("value"))),
                source,
                now);
    }

    /** Only spaces and tabs: {@link String#strip()} would also drop control characters a value must be refused for. */
    private static String blankTrimmed(CharSequence text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.subSequence(start, end).toString();
    }

    /** RFC 4180 fields of one line: commas, double quotes, doubled quotes inside quotes; blanks around trimmed. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : blankTrimmed(field));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == '"') {
                throw new IllegalArgumentException("stray double quote at column " + (i + 1));
            } else if (wasQuoted && c != ' ' && c != '\t') {
                throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
            } else if (!wasQuoted) {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(
                    "unterminated quoted field (line breaks inside fields are not supported)");
        }
        fields.add(wasQuoted ? field.toString() : blankTrimmed(field));
        return fields;
    }
}
