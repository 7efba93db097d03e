package io.retailpulse.ingest.demo.retail;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.retailpulse.ingest.demo.plant.SentimentPlant;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;

/**
 * What to generate. {@code backfill}: every day from {@code start} for {@code days} days (default: the
 * {@code days} up to yesterday); {@code realtime}: {@code rate} sales per second stamped now, until stopped.
 * Nulls take the defaults (5 stores, 20 products, 730 days, seed 42, 20 sales/s). {@code plant} (backfill only,
 * default false): the demo's planted effect ({@code demo.plant.SentimentPlant}): posts about one product whose mood
 * its sales follow a few days later, a negative burst and the dip after it.
 */
// Bound with treeToValue and read by JsonFields (record components), not as a REST parameter: native needs it.
@RegisterForReflection
public record GeneratorRequest(
        @Pattern(regexp = "backfill|realtime", message = "mode must be backfill or realtime")
        String mode,

        @Min(value = 1, message = "stores must be between 1 and 500")
        @Max(value = 500, message = "stores must be between 1 and 500")
        Integer stores,

        @Min(value = 1, message = "products must be between 1 and 5000")
        @Max(value = 5000, message = "products must be between 1 and 5000")
        Integer products,

        @Min(value = 1, message = "days must be between 1 and 3650")
        @Max(value = 3650, message = "days must be between 1 and 3650")
        Integer days,

        LocalDate start,
        Long seed,

        @Min(value = 1, message = "rate must be between 1 and 20000")
        @Max(value = 20_000, message = "rate must be between 1 and 20000")
        Integer rate,

        Boolean plant) {

    public static final String BACKFILL = "backfill";
    public static final String REALTIME = "realtime";

    /** The planted effect of this (normalised) request, or null without one. */
    public SentimentPlant sentimentPlant() {
        return Boolean.TRUE.equals(plant) ? SentimentPlant.forBackfill(seed, start, days) : null;
    }

    /**
     * The request (its constraints already checked by the resource) with defaults filled in;
     * {@link IllegalArgumentException} if it reaches beyond today. That rule stays here: it spans two fields
     * and their defaults and depends on the clock, where a constraint annotation would hide more than it says.
     */
    public GeneratorRequest normalised(LocalDate today) {
        String m = mode == null ? BACKFILL : mode;
        int s = stores == null ? 5 : stores;
        int p = products == null ? 20 : products;
        int d = days == null ? 730 : days;
        int r = rate == null ? 20 : rate;
        LocalDate from = start == null ? today.minusDays(d) : start;
        if (from.plusDays(d - 1L).isAfter(today)) {
            throw new IllegalArgumentException("start + days must not reach beyond today");
        }
        boolean planted = Boolean.TRUE.equals(plant);
        if (planted && !BACKFILL.equals(m)) {
            throw new IllegalArgumentException("plant works with mode backfill only");
        }
        String misfit = planted ? SentimentPlant.fits(d, p) : null;
        if (misfit != null) {
            throw new IllegalArgumentException(misfit);
        }
        return new GeneratorRequest(m, s, p, d, from, seed == null ? 42L : seed, r, planted);
    }
}
