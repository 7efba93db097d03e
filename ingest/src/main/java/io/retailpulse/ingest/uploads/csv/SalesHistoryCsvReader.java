package io.retailpulse.ingest.uploads.csv;

import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.values.Ids;
import io.retailpulse.ingest.platform.csv.CsvUploadReader;
import io.retailpulse.ingest.platform.csv.CsvValues;
import io.retailpulse.ingest.platform.csv.RowError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Streams daily sales totals in the Store Item Demand format {@code date,store,item,sales} (extra columns
 * allowed; an optional {@code revenue} column is kept) into {@link SalesHistoryEvent}s or {@link RowError}s.
 */
public final class SalesHistoryCsvReader extends CsvUploadReader<SalesHistoryEvent> {
    public static final List<String> COLUMNS = List.of("date", "store", "item", "sales");
    static final int MAX_LINE_CHARS = 4096;
    static final long MAX_UNITS = 100_000_000;
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    /** Receives every row of the file in order; a sales history row needs no line number. */
    public interface Sink extends CsvUploadReader.Sink<SalesHistoryEvent> {
        void accept(SalesHistoryEvent event);

        @Override
        default void accept(SalesHistoryEvent event, long line, String rawLine) {
            accept(event);
        }
    }

    private final String source;

    public SalesHistoryCsvReader(Clock clock, String source) {
        super(COLUMNS, MAX_LINE_CHARS, clock);
        this.source = source;
    }

    @Override
    protected SalesHistoryEvent parse(Fields f, Instant now) {
        LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        LocalDate date = date(f.get("date"), latest);
        String store = Ids.check(f.get("store"), "store");
        String item = Ids.check(f.get("item"), "item");
        long units = CsvValues.wholeNumber("sales", f.get("sales"), MAX_UNITS);
        String revenueText = f.optional("revenue");
        BigDecimal revenue = revenueText == null ? null : revenue(revenueText);
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
