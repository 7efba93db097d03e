package io.retailpulse.ingest.signals;

import io.retailpulse.ingest.platform.csv.CsvHeaderException;
import io.retailpulse.ingest.platform.csv.CsvUploadReader;
import io.retailpulse.ingest.platform.csv.RowError;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Reads {@code name,ds,value} CSV (header first, any column order, extra columns allowed, BOM, CRLF or LF) row by
 * row, each row a {@link SignalEvent} or a line-numbered error (the header is line 1), with the CSV reader every
 * upload of ingest uses ({@link CsvUploadReader}): only the row's three values are signal-specific.
 */
final class SignalCsvReader extends CsvUploadReader<SignalEvent> {
    static final List<String> COLUMNS = List.of("name", "ds", "value");
    static final int MAX_LINE_CHARS = 4096;

    /** The body has no usable header: the whole request is a 400 (a {@link CsvHeaderException}). */
    static final class HeaderException extends CsvHeaderException {
        HeaderException(String message) {
            super(message);
        }
    }

    interface Sink {
        void accept(long line, SignalEvent event);

        void reject(long line, String reason, String raw);
    }

    private final String source;

    private SignalCsvReader(String source, Instant now) {
        super(COLUMNS, MAX_LINE_CHARS, Clock.fixed(now, ZoneOffset.UTC));
        this.source = source;
    }

    static void read(InputStream body, Charset charset, String source, Instant now, Sink sink) {
        try {
            new SignalCsvReader(source, now).read(body, charset, new CsvUploadReader.Sink<>() {
                @Override
                public void accept(SignalEvent event, long line, String rawLine) {
                    sink.accept(line, event);
                }

                @Override
                public void reject(RowError error, String rawLine) {
                    sink.reject(error.line(), error.reason(), rawLine);
                }
            });
        } catch (CsvHeaderException e) {
            throw new HeaderException(e.getMessage());
        }
    }

    @Override
    protected SignalEvent parse(Fields f, Instant now) {
        String name = SignalRules.name(f.get("name"));
        return new SignalEvent(name, SignalRules.day(f.get("ds"), now), SignalRules.value(f.get("value")), source, now);
    }
}
