package io.retailpulse.ingest.uploads.csv;

import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.values.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Streams daily sales totals in the Store Item Demand format {@code date,store,item,sales} (extra columns
 * allowed; an optional {@code revenue} column is kept) into {@link SalesHistoryEvent}s or {@link RowError}s.
 */
public final class SalesHistoryCsvReader {
    public static final List<String> COLUMNS = List.of("date", "store", "item", "sales");
    static final int MAX_LINE_CHARS = 4096;
    static final long MAX_UNITS = 100_000_000;
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    /** Receives every row of the file in order. */
    public interface Sink {
        void accept(SalesHistoryEvent event);

        void reject(RowError error, String rawLine);
    }

    private final Clock clock;
    private final String source;

    public SalesHistoryCsvReader(Clock clock, String source) {
        this.clock = clock;
        this.source = source;
    }

    /** Reads the whole stream into the sink; throws {@link CsvHeaderException} when no row can be read. */
    public void read(InputStream body, Sink sink) {
        read(body, StandardCharsets.UTF_8, sink);
    }

    /** As {@link #read(InputStream, Sink)}, the body decoded by the charset its Content-Type declares. */
    public void read(InputStream body, Charset charset, Sink sink) {
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CsvLineReader lines = new CsvLineReader(new InputStreamReader(body, decoder), MAX_LINE_CHARS);
        String encoding = charset.name();
        try {
            Map<String, Integer> columns = CsvHeader.read(lines, COLUMNS, MAX_LINE_CHARS);
            Instant now = clock.instant();
            LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
            String line;
            while ((line = lines.next()) != null) {
                if (CsvFields.blankTrimmed(line).isEmpty()) {
                    continue;
                }
                try {
                    sink.accept(parse(line, columns, now, latest, encoding));
                } catch (IllegalArgumentException e) {
                    sink.reject(
                            new RowError(lines.lineNumber(), e.getMessage()),
                            line == CsvLineReader.TOO_LONG ? "" : line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload failed: " + e.getMessage(), e);
        }
    }

    private SalesHistoryEvent parse(
            String line, Map<String, Integer> columns, Instant now, LocalDate latest, String encoding) {
        if (line == CsvLineReader.TOO_LONG) {
            throw new IllegalArgumentException("line is longer than " + MAX_LINE_CHARS + " characters");
        }
        if (line.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("line is not valid " + encoding);
        }
        List<String> f = CsvFields.split(line);
        int expected = columns.get(CsvHeader.COUNT);
        if (f.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " fields, found " + f.size());
        }
        LocalDate date = date(f.get(columns.get("date")), latest);
        String store = Ids.check(f.get(columns.get("store")), "store");
        String item = Ids.check(f.get(columns.get("item")), "item");
        long units = CsvValues.wholeNumber("sales", f.get(columns.get("sales")), MAX_UNITS);
        Integer revenueColumn = columns.get("revenue");
        BigDecimal revenue = revenueColumn == null ? null : revenue(f.get(revenueColumn));
        return new SalesHistoryEvent(store, item, date, units, revenue, source, now);
    }

    private static LocalDate date(String text, LocalDate latest) {
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date '" + text + "' is not an ISO-8601 date (e.g. 2017-03-01)");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(latest)) {
            throw new IllegalArgumentException("date " + text + " is before 1970 or in the future");
        }
        return date;
    }

    private static BigDecimal revenue(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal revenue = new BigDecimal(text);
            if (revenue.signum() < 0) {
                throw new IllegalArgumentException("revenue " + text + " is negative");
            }
            if (revenue.scale() > 4) {
                throw new IllegalArgumentException("revenue " + text + " has more than 4 decimals");
            }
            return revenue;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("revenue '" + text + "' is not a decimal number");
        }
    }
}
