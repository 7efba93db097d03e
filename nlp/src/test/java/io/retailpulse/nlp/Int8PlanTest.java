package io.retailpulse.nlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Int8PlanTest {
    @Test
    void rangeMapsOntoUint8WithZeroExact() {
        float[] sz = Int8Plan.scaleAndZeroPoint(new float[] {-0.17f, 25.33f});
        assertEquals(25.5f / 255, sz[0], 1e-6f);
        assertEquals(Math.round(0.17f / sz[0]), sz[1]);
        // a range that does not contain 0 is widened to it
        assertArrayEquals(new float[] {2f / 255, 0f}, Int8Plan.scaleAndZeroPoint(new float[] {0.5f, 2f}), 1e-7f);
        assertArrayEquals(new float[] {1f, 0f}, Int8Plan.scaleAndZeroPoint(new float[] {0f, 0f}));
    }

    @Test
    void readsRangesAndFp32LayersFromProperties() {
        Properties p = new Properties();
        p.setProperty("int8.range.layer0.query", "-1.5,2.25");
        p.setProperty("int8.fp32", "layer11.ffn_out, Layer10.FFN_OUT");
        Int8Plan plan = Int8Plan.from(p);
        assertTrue(plan.calibrated());
        assertArrayEquals(new float[] {-1.5f, 2.25f}, plan.ranges().get("layer0.query"));
        assertEquals(Set.of("layer11.ffn_out", "layer10.ffn_out"), plan.fp32Layers());
        assertFalse(Int8Plan.from(new Properties()).calibrated());
    }

    @Test
    void committedArtifactsHaveARangeForEveryLinearLayer() throws Exception {
        Properties p = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream("models/pulse-text/" + Int8Plan.FILE)) {
            p.load(in);
        }
        Int8Plan plan = Int8Plan.from(p);
        assertEquals(72, plan.ranges().size());
        plan.ranges().values().forEach(r -> assertTrue(r[0] <= 0 && r[1] > 0 && r[1] < 1e3, "a sane range"));
    }
}
