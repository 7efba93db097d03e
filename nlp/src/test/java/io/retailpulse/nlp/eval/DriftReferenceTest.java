package io.retailpulse.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.nlp.ConfidenceBins;
import io.retailpulse.nlp.TextAnalysis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftReferenceTest {
    private static TextAnalysis predicted(float neg, float neu, float pos) {
        return new TextAnalysis(new float[] {neg, neu, pos}, List.of(), new float[0]);
    }

    @Test
    void confidenceBinsCoverOneThirdToOne() {
        assertEquals(0, ConfidenceBins.of(1.0 / 3));
        assertEquals(2, ConfidenceBins.of(0.5));
        assertEquals(9, ConfidenceBins.of(0.99));
        assertEquals(5, ConfidenceBins.of(0.7));
        assertEquals(9, ConfidenceBins.of(1.0));
        assertEquals(0, ConfidenceBins.of(0.2), "below a third only by rounding: first bin");
        assertEquals(0.3667, ConfidenceBins.centre(0), 1e-4);
    }

    @Test
    void referenceHoldsTheLabelSharesAndConfidenceHistogramOfThePredictions() {
        Map<String, Double> m = new LinkedHashMap<>();
        QualityReport.driftReference(
                List.of(
                        predicted(0.9f, 0.05f, 0.05f),
                        predicted(0.2f, 0.5f, 0.3f),
                        predicted(0.1f, 0.2f, 0.7f),
                        predicted(0.05f, 0.05f, 0.9f)),
                m);
        assertEquals(0.25, m.get("reference.label.negative"), 1e-9);
        assertEquals(0.25, m.get("reference.label.neutral"), 1e-9);
        assertEquals(0.5, m.get("reference.label.positive"), 1e-9);
        assertEquals(0.5, m.get("reference.confidence.8"), 1e-9, "the two 0.9 predictions");
        assertEquals(0.25, m.get("reference.confidence.2"), 1e-9, "0.5");
        assertEquals(0.25, m.get("reference.confidence.5"), 1e-9, "0.7");
        double bins = 0;
        for (int b = 0; b < ConfidenceBins.COUNT; b++) {
            bins += m.get("reference.confidence." + b);
        }
        assertEquals(1.0, bins, 1e-9);
        assertEquals(4.0, m.get("reference.size"));
    }
}
