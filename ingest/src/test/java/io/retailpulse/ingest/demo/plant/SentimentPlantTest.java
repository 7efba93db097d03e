package io.retailpulse.ingest.demo.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentPlantTest {
    private static final LocalDate START = LocalDate.of(2024, 12, 1);

    @Test
    void theWindowEndsBeforeTheLastDaysOfTheBackfillWithTheBurstInside() {
        SentimentPlant plant = SentimentPlant.forBackfill(42, START, 730);
        LocalDate last = START.plusDays(729);
        assertEquals(last.minusDays(SentimentPlant.QUIET_DAYS_AT_END), plant.windowEnd());
        assertEquals(SentimentPlant.WINDOW_DAYS, plant.plan().size());
        assertEquals(plant.windowStart().plusDays(SentimentPlant.BURST_OFFSET), plant.burstStart());
        assertTrue(plant.burstEnd().plusDays(SentimentPlant.LAG_DAYS).isBefore(plant.windowEnd()));
        assertEquals(List.of(), plant.labels(plant.windowStart().minusDays(1)));
        assertEquals(List.of(), plant.labels(plant.windowEnd().plusDays(1)));
    }

    @Test
    void burstDaysAreLoudAndNegativeAndQuietDaysVary() {
        SentimentPlant plant = SentimentPlant.forBackfill(42, START, 730);
        for (LocalDate d = plant.burstStart(); !d.isAfter(plant.burstEnd()); d = d.plusDays(1)) {
            List<String> labels = plant.labels(d);
            assertEquals(SentimentPlant.BURST_POSTS_PER_DAY, labels.size());
            assertEquals(18, Collections.frequency(labels, SentimentPlant.NEGATIVE));
            assertEquals(-0.9, plant.mood(d), 1e-12);
        }
        double min = 1, max = -1;
        for (LocalDate d = plant.windowStart(); d.isBefore(plant.burstStart()); d = d.plusDays(1)) {
            assertEquals(SentimentPlant.POSTS_PER_DAY, plant.labels(d).size());
            min = Math.min(min, plant.mood(d));
            max = Math.max(max, plant.mood(d));
        }
        assertTrue(max - min >= 1.2, "quiet days have moods of their own: " + min + " .. " + max);
    }

    @Test
    void onlyThePlantedProductsSalesFollowTheMoodThreeDaysLater() {
        SentimentPlant plant = SentimentPlant.forBackfill(42, START, 730);
        for (LocalDate d = plant.windowStart().minusDays(5);
                d.isBefore(plant.windowEnd().plusDays(8));
                d = d.plusDays(1)) {
            assertEquals(1.0, plant.salesFactor("SKU-0004", d));
            double mood = plant.mood(d.minusDays(SentimentPlant.LAG_DAYS));
            double factor = plant.salesFactor(SentimentPlant.PRODUCT, d);
            if (Double.isNaN(mood)) {
                assertEquals(1.0, factor, d.toString());
            } else {
                assertTrue(factor >= SentimentPlant.MIN_FACTOR && factor <= SentimentPlant.MAX_FACTOR);
            }
        }
        // The dip: the three days after the burst, shifted by the lag, sell at most 40 % of normal.
        for (int i = 0; i < SentimentPlant.BURST_DAYS; i++) {
            LocalDate dip = plant.burstStart().plusDays(i + SentimentPlant.LAG_DAYS);
            assertTrue(
                    plant.salesFactor(SentimentPlant.PRODUCT, dip) < 0.4,
                    dip + " " + plant.salesFactor(SentimentPlant.PRODUCT, dip));
        }
        // Higher mood, higher demand, three days later.
        LocalDate a = plant.windowStart(), b = plant.windowStart().plusDays(1);
        assertEquals(
                Math.signum(plant.mood(a) - plant.mood(b)),
                Math.signum(plant.salesFactor(SentimentPlant.PRODUCT, a.plusDays(3))
                        - plant.salesFactor(SentimentPlant.PRODUCT, b.plusDays(3))));
    }

    @Test
    void isDeterminedByTheSeed() {
        assertEquals(
                SentimentPlant.forBackfill(42, START, 730).plan(),
                SentimentPlant.forBackfill(42, START, 730).plan());
        assertNotEquals(
                SentimentPlant.forBackfill(42, START, 730).plan(),
                SentimentPlant.forBackfill(43, START, 730).plan());
    }

    @Test
    void needsRoomForTheWindowAndThePlantedProduct() {
        assertNull(SentimentPlant.fits(73, 3));
        assertTrue(SentimentPlant.fits(72, 20).contains("at least 73 days"));
        assertTrue(SentimentPlant.fits(730, 2).contains("at least 3 products"));
    }
}
