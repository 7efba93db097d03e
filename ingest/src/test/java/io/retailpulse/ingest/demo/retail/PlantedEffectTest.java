package io.retailpulse.ingest.demo.retail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.demo.plant.SentimentPlant;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator's plant as the demo runs it: the transactions it writes carry the planted lag. */
class PlantedEffectTest {
    private static final long SEED = 42;
    private static final int DAYS = 200;
    private static final LocalDate START = LocalDate.of(2025, 1, 1);

    private static Map<LocalDate, Long> unitsOfThePlantedProduct(SentimentPlant plant) {
        RetailModel model = new RetailModel(SEED, 5, 20, START, plant);
        RetailGenerator generator = new RetailGenerator(model, SEED);
        Map<LocalDate, Long> units = new TreeMap<>();
        for (LocalDate d = START.plusDays(DAYS - 90); d.isBefore(START.plusDays(DAYS)); d = d.plusDays(1)) {
            LocalDate day = d;
            units.put(day, 0L);
            generator.day(day, Instant.EPOCH, (TransactionEvent e) -> {
                if (e.productId().equals(SentimentPlant.PRODUCT)) {
                    units.merge(day, e.quantity(), Long::sum);
                }
            });
        }
        return units;
    }

    /** Pearson's r of the planned mood on day d against units on day d + k, over the window. */
    private static double correlation(SentimentPlant plant, Map<LocalDate, Long> units, int k) {
        List<double[]> pairs = new ArrayList<>();
        plant.plan().keySet().forEach(d -> {
            Long u = units.get(d.plusDays(k));
            if (u != null) {
                pairs.add(new double[] {plant.mood(d), u});
            }
        });
        double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pairs.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0, sxx = 0, syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void sentimentLeadsThePlantedProductsSalesByThreeDays() {
        SentimentPlant plant = SentimentPlant.forBackfill(SEED, START, DAYS);
        Map<LocalDate, Long> units = unitsOfThePlantedProduct(plant);
        int best = 0;
        double bestR = 0;
        for (int k = -14; k <= 14; k++) {
            double r = correlation(plant, units, k);
            if (Math.abs(r) > Math.abs(bestR)) {
                best = k;
                bestR = r;
            }
        }
        assertEquals(SentimentPlant.LAG_DAYS, best, "r = " + bestR);
        assertTrue(bestR > 0.45, "r = " + bestR);
    }

    @Test
    void theBurstIsFollowedByASalesDipAndNothingElseChanges() {
        SentimentPlant plant = SentimentPlant.forBackfill(SEED, START, DAYS);
        Map<LocalDate, Long> planted = unitsOfThePlantedProduct(plant);
        Map<LocalDate, Long> plain = unitsOfThePlantedProduct(null);
        long dip = 0, before = 0;
        for (int i = 0; i < SentimentPlant.BURST_DAYS; i++) {
            dip += planted.get(plant.burstStart().plusDays(i + SentimentPlant.LAG_DAYS));
            before += plain.get(plant.burstStart().plusDays(i + SentimentPlant.LAG_DAYS));
        }
        assertTrue(dip < before * 0.45, "dip " + dip + " vs " + before + " without the plant");
        planted.forEach((day, units) -> {
            if (day.isAfter(plant.windowEnd().plusDays(SentimentPlant.LAG_DAYS))
                    || day.isBefore(plant.windowStart().plusDays(SentimentPlant.LAG_DAYS))) {
                assertEquals(plain.get(day), units, "outside the window nothing changes: " + day);
            }
        });
        // Other products are untouched everywhere.
        RetailModel withPlant = new RetailModel(SEED, 5, 20, START, plant);
        RetailModel without = new RetailModel(SEED, 5, 20, START);
        LocalDate dipDay = plant.burstStart().plusDays(SentimentPlant.LAG_DAYS);
        for (int p = 0; p < 20; p++) {
            double a = withPlant.expectedUnits(
                    withPlant.stores().get(0), withPlant.products().get(p), dipDay);
            double b = without.expectedUnits(
                    without.stores().get(0), without.products().get(p), dipDay);
            if (withPlant.products().get(p).id().equals(SentimentPlant.PRODUCT)) {
                assertTrue(a < b * 0.4);
            } else {
                assertEquals(b, a);
            }
        }
    }

    @Test
    void aPlantNeedsABackfillLongEnoughAndTheProduct() {
        LocalDate today = LocalDate.of(2026, 1, 1);
        GeneratorRequest ok = new GeneratorRequest(null, null, null, 100, null, null, null, true).normalised(today);
        assertEquals(true, ok.plant());
        assertEquals(
                ok.start().plusDays(99).minusDays(SentimentPlant.QUIET_DAYS_AT_END),
                ok.sentimentPlant().windowEnd());
        assertEquals(
                null,
                new GeneratorRequest(null, null, null, null, null, null, null, null)
                        .normalised(today)
                        .sentimentPlant());
        IllegalArgumentException shortOne = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new GeneratorRequest(null, null, null, 30, null, null, null, true).normalised(today));
        assertTrue(shortOne.getMessage().contains("at least 73 days"));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new GeneratorRequest("realtime", null, null, null, null, null, null, true).normalised(today));
    }
}
