package io.retailpulse.stack;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic demo transactions CSV: 5 stores x 20 products x 90 days ending yesterday, one row per
 * store-product-day, with weekly seasonality. Each row draws from a generator seeded by its own key, so the same
 * transaction_id always carries the same quantity and price, whichever day the demo runs (re-posting is a no-op).
 */
public final class DemoData {
    public static final String HEADER = "transaction_id,ts,store_id,product_id,quantity,unit_price";
    public static final int STORES = 5;
    public static final int PRODUCTS = 20;
    public static final int DAYS = 90;
    private static final long SEED = 20240501L;
    // Monday .. Sunday: weekends sell more.
    private static final double[] WEEKDAY_FACTOR = {0.85, 0.8, 0.9, 0.95, 1.15, 1.45, 1.3};

    private final LocalDate from;
    private final LocalDate to;
    private final List<Row> rows;

    private DemoData(LocalDate from, LocalDate to, List<Row> rows) {
        this.from = from;
        this.to = to;
        this.rows = rows;
    }

    /** One transaction: the CSV line's fields. */
    public record Row(String id, String ts, String store, String product, int quantity, BigDecimal unitPrice) {
        String csv() {
            return String.join(",", id, ts, store, product, Integer.toString(quantity), unitPrice.toPlainString());
        }
    }

    /** The {@link #DAYS} days ending with {@code lastDay}. */
    public static DemoData generate(LocalDate lastDay) {
        LocalDate first = lastDay.minusDays(DAYS - 1);
        List<Row> rows = new ArrayList<>(STORES * PRODUCTS * DAYS);
        for (LocalDate day = first; !day.isAfter(lastDay); day = day.plusDays(1)) {
            for (int store = 1; store <= STORES; store++) {
                for (int product = 1; product <= PRODUCTS; product++) {
                    rows.add(row(day, store, product));
                }
            }
        }
        return new DemoData(first, lastDay, List.copyOf(rows));
    }

    private static Row row(LocalDate day, int store, int product) {
        String storeId = "S%02d".formatted(store);
        String productId = "SKU-%04d".formatted(product);
        String id = "demo-%s-%s-%s".formatted(storeId, productId, day);
        SplittableRandom random = new SplittableRandom(SEED ^ id.hashCode() * 0x9E3779B97F4A7C15L);
        // Stable per-product base demand and price; per-store size; weekly pattern; noise.
        double base = 4 + (product * 7 % 13) + store;
        double mean = base * WEEKDAY_FACTOR[day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()];
        int quantity = Math.max(1, (int) Math.round(mean * (0.75 + 0.5 * random.nextDouble())));
        BigDecimal price = BigDecimal.valueOf(1.49 + (product * 37 % 50) / 2.0).setScale(2, RoundingMode.HALF_UP);
        // Between 09:00 and 19:59 UTC, so the day is the same in every nearby time zone.
        LocalTime time = LocalTime.of(9 + random.nextInt(11), random.nextInt(60), random.nextInt(60));
        String ts = day.atTime(time).atOffset(ZoneOffset.UTC).toString();
        return new Row(id, ts, storeId, productId, quantity, price);
    }

    public String csv() {
        StringBuilder csv = new StringBuilder(rows.size() * 64).append(HEADER).append('\n');
        rows.forEach(row -> csv.append(row.csv()).append('\n'));
        return csv.toString();
    }

    public List<Row> rows() {
        return rows;
    }

    public long totalUnits() {
        return rows.stream().mapToLong(Row::quantity).sum();
    }

    /** Units of the rows that were not rejected; {@code lines} are 1-based CSV line numbers (header is 1). */
    public long unitsExcludingLines(java.util.Set<Long> lines) {
        long units = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!lines.contains((long) i + 2)) {
                units += rows.get(i).quantity();
            }
        }
        return units;
    }

    /** True for the store-product pairs this data set covers (a database may hold other data as well). */
    public boolean covers(String store, String product) {
        return store.matches("S\\d{2}") && Integer.parseInt(store.substring(1)) <= STORES
                && store.compareTo("S00") > 0
                && product.matches("SKU-\\d{4}") && Integer.parseInt(product.substring(4)) <= PRODUCTS
                && product.compareTo("SKU-0000") > 0;
    }

    public LocalDate from() {
        return from;
    }

    public LocalDate to() {
        return to;
    }
}
