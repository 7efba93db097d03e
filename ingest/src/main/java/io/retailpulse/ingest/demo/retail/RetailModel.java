package io.retailpulse.ingest.demo.retail;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.ingest.demo.plant.SentimentPlant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic retail world, fully determined by its seed: stores, products and the expected daily demand of
 * every store-product, built from trend × weekly × yearly seasonality × holidays × promotions × price effect.
 * {@link #expectedUnits} is the mean; the generator adds Poisson noise.
 */
public final class RetailModel {
    private static final String[] CITIES = {
        "Lyon", "Austin", "Leeds", "Porto", "Denver", "Gent", "Turin", "Malmo", "Tacoma", "Bilbao", "Graz", "Cork"
    };
    private static final String[] REGIONS = {"North", "South", "East", "West", "Central"};
    private static final String[] STORE_KINDS = {"Market", "Corner", "Superstore", "Express", "Outlet"};
    private static final String[][] CATEGORIES = {
        {"dairy", "Oat Milk", "Greek Yogurt", "Butter", "Cheddar"},
        {"bakery", "Sourdough", "Croissant", "Bagels", "Rye Bread"},
        {"produce", "Bananas", "Avocados", "Strawberries", "Spinach"},
        {"snacks", "Sea Salt Chips", "Dark Chocolate", "Trail Mix", "Pretzels"},
        {"drinks", "Cold Brew", "Sparkling Water", "Orange Juice", "Kombucha"},
        {"home", "Dish Soap", "Paper Towels", "Laundry Pods", "Sponges"}
    };
    private static final String[] BRANDS = {
        "Northfield", "Good Harvest", "Blue Fern", "Acme", "Little Oak", "Sunny Acres", "Crafted Co"
    };

    public record Store(String id, String name, String city, String region, double size) {}

    public record Product(
            String id,
            String name,
            String brand,
            String category,
            BigDecimal price,
            double popularity,
            double elasticity) {}

    private final long seed;
    private final LocalDate start;
    private final List<Store> stores = new ArrayList<>();
    private final List<Product> products = new ArrayList<>();
    private final SentimentPlant plant;

    public RetailModel(long seed, int storeCount, int productCount, LocalDate start) {
        this(seed, storeCount, productCount, start, null);
    }

    /** With {@code plant} (may be null): its product's demand follows the planted sentiment (the demo's effect). */
    public RetailModel(long seed, int storeCount, int productCount, LocalDate start, SentimentPlant plant) {
        this.seed = seed;
        this.start = start;
        this.plant = plant;
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 1; s <= storeCount; s++) {
            String city = CITIES[random.nextInt(CITIES.length)];
            stores.add(new Store(
                    String.format("S%03d", s),
                    city + " " + STORE_KINDS[random.nextInt(STORE_KINDS.length)],
                    city,
                    REGIONS[random.nextInt(REGIONS.length)],
                    0.6 + random.nextDouble() * 0.9));
        }
        for (int p = 1; p <= productCount; p++) {
            String[] category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            String brand = BRANDS[random.nextInt(BRANDS.length)];
            String name = brand + " " + category[1 + random.nextInt(category.length - 1)];
            BigDecimal price =
                    BigDecimal.valueOf(0.99 + random.nextDouble() * 14).setScale(2, RoundingMode.HALF_UP);
            products.add(new Product(
                    String.format("SKU-%04d", p),
                    name,
                    brand,
                    category[0],
                    price,
                    1 + random.nextDouble() * 6,
                    1.2 + random.nextDouble() * 1.3));
        }
    }

    public List<Store> stores() {
        return stores;
    }

    public List<Product> products() {
        return products;
    }

    public List<CatalogEvent> catalog(Instant now) {
        List<CatalogEvent> entries = new ArrayList<>();
        stores.forEach(s -> entries.add(new CatalogEvent(
                CatalogEvent.STORE, s.id(), s.name(), s.city(), s.region(), null, null, null, "generator", now)));
        products.forEach(p -> entries.add(new CatalogEvent(
                CatalogEvent.PRODUCT,
                p.id(),
                p.name(),
                null,
                null,
                p.brand(),
                p.category(),
                p.price(),
                "generator",
                now)));
        return entries;
    }

    /** Discount (0 = none, e.g. 0.2 = 20 % off) of a store-product on a day: 7-day promotions every few weeks. */
    public double discount(Store store, Product product, LocalDate date) {
        long week = ChronoUnit.WEEKS.between(start, date);
        SplittableRandom r = new SplittableRandom(
                mix(seed, store.id().hashCode(), product.id().hashCode(), week));
        return r.nextInt(7) == 0 ? 0.1 + 0.05 * r.nextInt(5) : 0;
    }

    /** Price of one unit that day (list price minus the promotion). */
    public BigDecimal price(Store store, Product product, LocalDate date) {
        double discount = discount(store, product, date);
        return discount == 0
                ? product.price()
                : product.price().multiply(BigDecimal.valueOf(1 - discount)).setScale(2, RoundingMode.HALF_UP);
    }

    /** Mean units sold of a store-product on a day. */
    public double expectedUnits(Store store, Product product, LocalDate date) {
        double holiday = holiday(date);
        if (holiday == 0) {
            return 0;
        }
        double years = ChronoUnit.DAYS.between(start, date) / 365.25;
        double trend = 1 + 0.08 * years; // steady growth
        double weekly = weekly(date.getDayOfWeek());
        double yearly = 1 + 0.25 * Math.cos(2 * Math.PI * (date.getDayOfYear() - 200) / 365.25); // summer peak
        double discount = discount(store, product, date);
        double priceEffect = Math.pow(1 - discount, -product.elasticity()); // cheaper sells more
        double planted = plant == null ? 1 : plant.salesFactor(product.id(), date);
        return product.popularity() * store.size() * trend * weekly * yearly * holiday * priceEffect * planted;
    }

    static double weekly(DayOfWeek day) {
        return switch (day) {
            case MONDAY -> 0.85;
            case TUESDAY -> 0.8;
            case WEDNESDAY -> 0.9;
            case THURSDAY -> 0.95;
            case FRIDAY -> 1.15;
            case SATURDAY -> 1.4;
            case SUNDAY -> 0.95;
        };
    }

    /** Demand multiplier of holidays: closed on Christmas Day, rush before Christmas and on Black Friday. */
    static double holiday(LocalDate date) {
        if (date.getMonth() == Month.DECEMBER && date.getDayOfMonth() == 25
                || date.getMonth() == Month.JANUARY && date.getDayOfMonth() == 1) {
            return 0;
        }
        LocalDate blackFriday = date.withMonth(11)
                .with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY))
                .plusDays(1);
        if (date.equals(blackFriday)) {
            return 2.5;
        }
        if (date.getMonth() == Month.DECEMBER && date.getDayOfMonth() >= 18 && date.getDayOfMonth() <= 24) {
            return 1.6;
        }
        if (date.getMonth() == Month.DECEMBER && date.getDayOfMonth() == 31) {
            return 1.3;
        }
        return 1;
    }

    static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h ^= v;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
