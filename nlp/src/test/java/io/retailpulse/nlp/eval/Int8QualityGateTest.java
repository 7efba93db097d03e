package io.retailpulse.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.nlp.CardJson;
import io.retailpulse.nlp.Precision;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The 0.5-point rule as the committed artifacts apply it: int8 is served by default only when its card says so. */
class Int8QualityGateTest {
    private static String resource(String name) throws Exception {
        try (InputStream in =
                Int8QualityGateTest.class.getClassLoader().getResourceAsStream("models/pulse-text/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servedPrecisionFollowsTheCardsInt8Figures() throws Exception {
        Map<String, Double> metrics = CardJson.metrics(resource("card.json"));
        Boolean passes = QualityReport.compare(metrics);
        assertNotNull(passes, "the card has both precisions' dev-set figures");
        Properties props = new Properties();
        props.load(new java.io.StringReader(resource("model.properties")));
        Precision served = Precision.parse(props.getProperty("precision", "fp32"));
        assertEquals(passes ? Precision.INT8 : Precision.FP32, served, "precision= in model.properties");
    }

    @Test
    void oneFigureOutsideHalfAPointKeepsFp32() {
        Map<String, Double> m = new HashMap<>();
        for (String k : QualityReport.HEADLINE) {
            double v = k.startsWith("semeval") || k.startsWith("sst2") ? 0.8 : 80;
            m.put(k, v);
            m.put("int8." + k, v);
        }
        assertTrue(QualityReport.compare(m));
        m.put("int8.wnut17.dev.f1", 80 - 0.51);
        assertFalse(QualityReport.compare(m));
        m.put("int8.wnut17.dev.f1", 80 + 0.49);
        m.put("int8.sst2.dev.accuracy", 0.8 - 0.0051);
        assertFalse(QualityReport.compare(m));
    }
}
