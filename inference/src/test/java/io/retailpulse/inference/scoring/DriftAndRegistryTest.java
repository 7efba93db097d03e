package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.inference.scoring.SentimentRepository.Prediction;
import io.retailpulse.nlp.ConfidenceBins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drift distributions, the card reference, version names and the registry's task name. */
class DriftAndRegistryTest {
    @Test
    void aDistributionHasTheLabelMixTheConfidenceHistogramAndItsMean() {
        List<Prediction> p = List.of(
                new Prediction("negative", 0.9),
                new Prediction("positive", 0.5),
                new Prediction("positive", 0.99),
                new Prediction("neutral", 0.4));
        DriftService.Distribution d = DriftService.of(p);
        assertEquals(4, d.size());
        assertEquals(Map.of("negative", 0.25, "neutral", 0.25, "positive", 0.5), d.labels());
        assertEquals(1.0, java.util.Arrays.stream(d.confidenceBins()).sum(), 1e-9);
        assertEquals(0.25, d.confidenceBins()[ConfidenceBins.of(0.9)], 1e-9);
        assertEquals(0.6975, d.meanConfidence(), 1e-9);
    }

    @Test
    void aShiftedLabelMixIsDriftAndTheSameMixIsNot() {
        List<Prediction> reference = new ArrayList<>();
        List<Prediction> same = new ArrayList<>();
        List<Prediction> shifted = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String label = SentimentLabels.ALL.get(i % 3);
            reference.add(new Prediction(label, 0.8));
            same.add(new Prediction(label, 0.8));
            shifted.add(new Prediction(i % 10 < 8 ? "negative" : label, 0.8));
        }
        DriftService.Distribution ref = DriftService.of(reference);
        double[] r = SentimentLabels.ALL.stream().mapToDouble(ref.labels()::get).toArray();
        DriftService.Distribution s = DriftService.of(same);
        DriftService.Distribution x = DriftService.of(shifted);
        assertEquals(
                0.0,
                Psi.psi(
                        r,
                        SentimentLabels.ALL.stream()
                                .mapToDouble(s.labels()::get)
                                .toArray()),
                1e-9);
        assertTrue(Psi.psi(
                        r,
                        SentimentLabels.ALL.stream()
                                .mapToDouble(x.labels()::get)
                                .toArray())
                > 0.25);
    }

    @Test
    void theCardReferenceIsUsedOnlyWhenComplete() {
        Map<String, Double> metrics = new HashMap<>(Map.of(
                "reference.label.negative",
                0.3,
                "reference.label.neutral",
                0.4,
                "reference.label.positive",
                0.3,
                "sst2.accuracy",
                0.9));
        assertNull(DriftService.cardReference(metrics), "no confidence bins");
        for (int b = 0; b < ConfidenceBins.COUNT; b++) {
            metrics.put("reference.confidence." + b, b == 9 ? 1.0 : 0.0);
        }
        DriftService.Distribution d = DriftService.cardReference(metrics);
        assertEquals(0.4, d.labels().get("neutral"), 1e-9);
        assertEquals(1.0, d.confidenceBins()[9], 1e-9);
        assertTrue(d.meanConfidence() > 0.95);
    }

    @Test
    void retrainedVersionsAreNumberedWithinTheRegistryColumn() {
        assertEquals("1.0.0-r3", Retrainer.versionName("1.0.0", 3));
        String longBase = "2026.11.22-lora-rank8-scale2-multi";
        String v = Retrainer.versionName(longBase, 12);
        assertEquals(32, v.length());
        assertTrue(v.endsWith("-r12"));
    }

    @Test
    void theRegistryTaskIsShortWhateverTheCardSays() {
        assertEquals(
                "sentiment+ner",
                ModelRegistration.task(
                        "sentiment (negative/neutral/positive) + NER (PERSON/LOCATION/ORGANIZATION/MISC), one encoder pass"));
        assertEquals("sentiment", ModelRegistration.task("Sentiment"));
        assertEquals("ner", ModelRegistration.task("named entities"));
        assertEquals("sentiment", ModelRegistration.task("general sentiment"), "'ner' only as a word");
    }
}
