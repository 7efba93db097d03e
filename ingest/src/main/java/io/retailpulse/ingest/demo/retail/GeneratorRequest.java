package io.retailpulse.ingest.demo.retail;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDate;

/**
 * What to generate. {@code backfill}: every day from {@code start} for {@code days} days (default: the
 * {@code days} up to yesterday); {@code realtime}: {@code rate} sales per second stamped now, until stopped.
 * Nulls take the defaults (5 stores, 20 products, 730 days, seed 42, 20 sales/s).
 */
// Bound with treeToValue and read by JsonFields (record components), not as a REST parameter: native needs it.
@RegisterForReflection
public record GeneratorRequest(String mode, Integer stores, Integer products, Integer days, LocalDate start,
        Long seed, Integer rate) {

    public static final String BACKFILL = "backfill";
    public static final String REALTIME = "realtime";

    /** The request with defaults filled in; {@link IllegalArgumentException} if out of range. */
    public GeneratorRequest normalised(LocalDate today) {
        String m = mode == null ? BACKFILL : mode;
        if (!m.equals(BACKFILL) && !m.equals(REALTIME)) {
            throw new IllegalArgumentException("mode must be backfill or realtime");
        }
        int s = range(stores, 5, 1, 500, "stores");
        int p = range(products, 20, 1, 5000, "products");
        int d = range(days, 730, 1, 3650, "days");
        int r = range(rate, 20, 1, 20_000, "rate");
        LocalDate from = start == null ? today.minusDays(d) : start;
        if (from.plusDays(d - 1L).isAfter(today)) {
            throw new IllegalArgumentException("start + days must not reach beyond today");
        }
        return new GeneratorRequest(m, s, p, d, from, seed == null ? 42L : seed, r);
    }

    private static int range(Integer value, int fallback, int min, int max, String name) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
        return v;
    }
}
