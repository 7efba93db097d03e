package io.retailpulse.inference.scoring;

import io.retailpulse.common.events.EntityMention;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.nlp.Entity;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.TextAnalysis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentiment and entities of texts from one encoder pass each ({@link PulseTextModel#analyse}), the model's entity
 * spans merged with the catalog's PRODUCT / STORE spans. Blocking and CPU-bound: call it on the inference worker.
 */
@ApplicationScoped
public class Scorer {
    /** One text's result; {@code features} feed retraining, {@code model}/{@code version} say who scored it. */
    public record Scored(
            String label,
            double score,
            float[] probabilities,
            List<EntityMention> entities,
            float[] features,
            String model,
            String version) {}

    private final ActiveModel active;
    private final Gazetteer gazetteer;
    private final ScoringMetrics metrics;

    public Scorer(ActiveModel active, Gazetteer gazetteer, ScoringMetrics metrics) {
        this.active = active;
        this.gazetteer = gazetteer;
        this.metrics = metrics;
    }

    public List<Scored> score(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        // one version for the whole batch, kept open until the batch is scored even if a swap happens meanwhile
        return active.use(model -> score(model, texts));
    }

    private List<Scored> score(PulseTextModel model, List<String> texts) {
        long t0 = System.nanoTime();
        List<TextAnalysis> analyses = model.analyse(texts);
        metrics.duration(System.nanoTime() - t0);
        List<Scored> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TextAnalysis a = analyses.get(i);
            float[] p = a.sentiment();
            int label = SentimentLabels.argmax(p);
            metrics.record(label, p[label]);
            List<EntityMention> fromModel =
                    a.entities().stream().map(Scorer::mention).toList();
            out.add(new Scored(
                    SentimentLabels.ALL.get(label),
                    p[label],
                    p,
                    EntityMerger.merge(gazetteer.find(texts.get(i)), fromModel),
                    a.features(),
                    model.name(),
                    model.version()));
        }
        return out;
    }

    /** The features alone (the input of the final sentiment layer), for retraining. */
    public List<float[]> features(PulseTextModel model, List<String> texts) {
        return model.analyse(texts).stream().map(TextAnalysis::features).toList();
    }

    static EntityMention mention(Entity e) {
        return new EntityMention(
                e.text(), e.type(), e.start(), e.end(), SentimentLabels.round(e.score()), Gazetteer.textKey(e.text()));
    }
}
