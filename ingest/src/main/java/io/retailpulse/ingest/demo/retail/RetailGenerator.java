package io.retailpulse.ingest.demo.retail;

import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.demo.retail.RetailModel.Product;
import io.retailpulse.ingest.demo.retail.RetailModel.Store;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Turns a {@link RetailModel} into transactions: each store-product-day draws Poisson units around the model's
 * mean and splits them into sales of 1–3 units at opening hours. Same seed, same transactions (ids included,
 * so a repeated backfill is recognised as duplicates).
 */
public final class RetailGenerator {
    static final String SOURCE = "generator";

    private final RetailModel model;
    private final long seed;

    public RetailGenerator(RetailModel model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    /** Emits every transaction of {@code date}, store by store, product by product. */
    public void day(LocalDate date, Instant ingestedAt, Consumer<TransactionEvent> out) {
        for (Store store : model.stores()) {
            for (Product product : model.products()) {
                SplittableRandom r = new SplittableRandom(RetailModel.mix(
                        seed,
                        date.toEpochDay(),
                        store.id().hashCode(),
                        product.id().hashCode()));
                long units = poisson(model.expectedUnits(store, product, date), r);
                var price = model.price(store, product, date);
                int n = 0;
                while (units > 0) {
                    long quantity = Math.min(units, 1 + r.nextInt(3));
                    units -= quantity;
                    // 08:00-21:00 store-local, written as UTC so the calendar day stays as generated
                    Instant ts =
                            date.atTime(8, 0).plusSeconds(r.nextInt(13 * 3600)).toInstant(ZoneOffset.UTC);
                    out.accept(new TransactionEvent(
                            "G" + seed + "-" + date + "-" + store.id() + "-" + product.id() + "-" + n++,
                            ts,
                            date,
                            store.id(),
                            product.id(),
                            quantity,
                            price,
                            SOURCE,
                            ingestedAt));
                }
            }
        }
    }

    /**
     * One sale now, store and product drawn in proportion to today's expected demand (real-time mode).
     * {@code sequence} makes the id unique within the run.
     */
    public TransactionEvent live(Instant now, long sequence, SplittableRandom r) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        double total = 0;
        for (Store s : model.stores()) {
            for (Product p : model.products()) {
                total += model.expectedUnits(s, p, today) + 1e-9;
            }
        }
        double pick = r.nextDouble() * total;
        for (Store s : model.stores()) {
            for (Product p : model.products()) {
                pick -= model.expectedUnits(s, p, today) + 1e-9;
                if (pick <= 0) {
                    return new TransactionEvent(
                            "L" + seed + "-" + now.toEpochMilli() + "-" + sequence,
                            now,
                            today,
                            s.id(),
                            p.id(),
                            1 + r.nextInt(3),
                            model.price(s, p, today),
                            SOURCE,
                            now);
                }
            }
        }
        Store s = model.stores().get(0);
        Product p = model.products().get(0);
        return new TransactionEvent(
                "L" + seed + "-" + now.toEpochMilli() + "-" + sequence,
                now,
                today,
                s.id(),
                p.id(),
                1,
                p.price(),
                SOURCE,
                now);
    }

    /** Knuth for small means, normal approximation above 30. */
    static long poisson(double mean, SplittableRandom r) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        }
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= r.nextDouble();
            k++;
        }
        return k;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
