package io.retailpulse.ingest.platform.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every CSV upload reader shares: decoding, the header, and for each data line the checks that do not depend
 * on the file's kind (length cap, valid encoding, field count). A reader only says how one line's fields become
 * its event ({@link #parse}); an {@link IllegalArgumentException} from it (or from the sink the event goes to)
 * rejects that line alone, with its exact line number. Memory stays flat whatever the file size.
 */
public abstract class CsvUploadReader<E> {
    /** Receives every row of the file in order. */
    public interface Sink<E> {
        void accept(E event, long line, String rawLine);

        void reject(RowError error, String rawLine);
    }

    /** One data line's fields by column name (the header's names in lower case). */
    protected record Fields(List<String> values, Map<String, Integer> columns) {
        public String get(String column) {
            return values.get(columns.get(column));
        }

        /** The value, or null when the header has no such column. */
        public String optional(String column) {
            Integer index = columns.get(column);
            return index == null ? null : values.get(index);
        }
    }

    private final List<String> required;
    private final int maxLineChars;
    private final Clock clock;

    protected CsvUploadReader(List<String> required, int maxLineChars, Clock clock) {
        this.required = required;
        this.maxLineChars = maxLineChars;
        this.clock = clock;
    }

    /** One data line's event; {@code now} is the clock's reading once the header was read. */
    protected abstract E parse(Fields fields, Instant now);

    /** Reads the whole stream into the sink; throws {@link CsvHeaderException} when no row can be read. */
    public void read(InputStream body, Sink<E> sink) {
        read(body, StandardCharsets.UTF_8, sink);
    }

    /** As {@link #read(InputStream, Sink)}, the body decoded by the charset its Content-Type declares. */
    public void read(InputStream body, Charset charset, Sink<E> sink) {
        // Invalid input (e.g. bad UTF-8) becomes U+FFFD, so the bad line is rejected alone instead of aborting the
        // file.
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CsvLineReader lines = new CsvLineReader(new InputStreamReader(body, decoder), maxLineChars);
        String encoding = charset.name();
        try {
            Map<String, Integer> columns = CsvHeader.read(lines, required, maxLineChars);
            Instant now = clock.instant();
            String line;
            while ((line = lines.next()) != null) {
                if (CsvFields.blankTrimmed(line).isEmpty()) {
                    continue;
                }
                long number = lines.lineNumber();
                try {
                    sink.accept(parse(fields(line, columns, encoding), now), number, line);
                } catch (IllegalArgumentException e) {
                    sink.reject(new RowError(number, e.getMessage()), line == CsvLineReader.TOO_LONG ? "" : line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload failed: " + e.getMessage(), e);
        }
    }

    private Fields fields(String line, Map<String, Integer> columns, String encoding) {
        if (line == CsvLineReader.TOO_LONG) {
            throw new IllegalArgumentException("line is longer than " + maxLineChars + " characters");
        }
        if (line.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("line is not valid " + encoding);
        }
        List<String> f = CsvFields.split(line);
        int expected = columns.get(CsvHeader.COUNT);
        if (f.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " fields, found " + f.size());
        }
        return new Fields(f, columns);
    }
}
