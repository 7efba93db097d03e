package io.retailpulse.ingest.uploads.csv;

import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.common.values.Ids;
import io.retailpulse.ingest.platform.csv.CsvUploadReader;
import io.retailpulse.ingest.platform.csv.CsvValues;
import io.retailpulse.ingest.platform.csv.RowError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Streams a transactions CSV ({@code transaction_id,ts,store_id,product_id,quantity,unit_price}, extra columns
 * allowed, any order) line by line: each row becomes a {@link TransactionEvent} or a {@link RowError}. Memory
 * stays flat whatever the file size.
 */
public final class TransactionCsvReader extends CsvUploadReader<TransactionEvent> {
    public static final List<String> COLUMNS =
            List.of("transaction_id", "ts", "store_id", "product_id", "quantity", "unit_price");
    static final int MAX_LINE_CHARS = 4096;
    static final long MAX_QUANTITY = 1_000_000;
    static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("1000000000");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** Receives every row of the file in order. */
    public interface Sink extends CsvUploadReader.Sink<TransactionEvent> {}

    private final ZoneId defaultZone;
    private final String source;

    /**
     * @param defaultZone zone of timestamps written without an offset
     * @param source      recorded on every event, e.g. {@code csv}
     */
    public TransactionCsvReader(ZoneId defaultZone, Clock clock, String source) {
        super(COLUMNS, MAX_LINE_CHARS, clock);
        this.defaultZone = defaultZone;
        this.source = source;
    }

    @Override
    protected TransactionEvent parse(Fields f, Instant now) {
        String id = Ids.check(f.get("transaction_id"), "transaction_id");
        String store = Ids.check(f.get("store_id"), "store_id");
        String product = Ids.check(f.get("product_id"), "product_id");
        String tsText = f.get("ts");
        Timestamp ts = timestamp(tsText);
        if (ts.instant.isBefore(EARLIEST) || ts.instant.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new IllegalArgumentException("ts '" + tsText + "' is before 1970 or more than a day in the future");
        }
        long quantity = CsvValues.wholeNumber("quantity", f.get("quantity"), MAX_QUANTITY);
        BigDecimal price = unitPrice(f.get("unit_price"));
        return new TransactionEvent(id, ts.instant, ts.localDate, store, product, quantity, price, source, now);
    }

    private record Timestamp(Instant instant, LocalDate localDate) {}

    private Timestamp timestamp(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("ts is empty");
        }
        Timestamp fast = utcFastPath(text);
        if (fast != null) {
            return fast;
        }
        try {
            OffsetDateTime odt = OffsetDateTime.parse(text);
            return new Timestamp(odt.toInstant(), odt.toLocalDate());
        } catch (DateTimeParseException ignored) {
            // not an offset date-time: try the local forms below
        }
        try {
            LocalDateTime ldt = LocalDateTime.parse(text);
            return new Timestamp(ldt.atZone(defaultZone).toInstant(), ldt.toLocalDate());
        } catch (DateTimeParseException ignored) {
            // not a local date-time either
        }
        try {
            LocalDate date = LocalDate.parse(text);
            return new Timestamp(date.atStartOfDay(defaultZone).toInstant(), date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts '" + text + "' is not an ISO-8601 date-time "
                    + "(e.g. 2024-03-01T14:05:00Z, 2024-03-01T14:05:00+01:00 or 2024-03-01)");
        }
    }

    /**
     * {@code 2024-05-01T12:00:00Z}, the most common form, without the general parser (a tenth of the cost);
     * null for anything else, which then takes the general path (and its error messages).
     */
    static Timestamp utcFastPath(String t) {
        if (t.length() != 20
                || t.charAt(19) != 'Z'
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            LocalDateTime ldt = LocalDateTime.of(year, month, day, hour, minute, second);
            return new Timestamp(ldt.toInstant(java.time.ZoneOffset.UTC), ldt.toLocalDate());
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static BigDecimal unitPrice(String text) {
        BigDecimal p;
        try {
            p = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unit_price '" + text + "' is not a decimal number");
        }
        if (p.signum() < 0) {
            throw new IllegalArgumentException("unit_price " + text + " is negative");
        }
        if (p.compareTo(MAX_UNIT_PRICE) > 0) {
            throw new IllegalArgumentException("unit_price " + text + " exceeds " + MAX_UNIT_PRICE.toPlainString());
        }
        if (p.scale() > 4) {
            throw new IllegalArgumentException("unit_price " + text + " has more than 4 decimals");
        }
        return p.scale() < 0 ? p.setScale(0) : p;
    }
}
