package io.retailpulse.inference.scoring;

import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.nlp.ConfidenceBins;
import io.retailpulse.nlp.PulseTextModel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift of the scored feedback against the training reference: PSI of the label mix (3 bins) and of the confidence
 * histogram (10 bins over [1/3, 1]). The reference is the card's, when its metrics carry
 * {@code reference.label.<label>} and {@code reference.confidence.<0-9>}; otherwise the first
 * {@code drift.reference-size} feedback the loaded base version scored ({@code text_sentiment}, so it survives
 * restarts). Recent: the latest {@code drift.window} scored feedback of the model, any version.
 */
@ApplicationScoped
public class DriftService {
    /** Below this many predictions on either side the PSI is not computed. */
    static final int MIN_SIZE = 30;

    /** A distribution of predictions. */
    public record Distribution(int size, Map<String, Double> labels, double[] confidenceBins, double meanConfidence) {}

    public record Report(
            String model,
            String version,
            String referenceSource,
            Distribution reference,
            Distribution recent,
            Double labelPsi,
            Double confidencePsi,
            double threshold,
            boolean drifted) {}

    private final ActiveModel active;
    private final SentimentRepository repository;
    private final NlpConfig.Drift config;

    public DriftService(ActiveModel active, SentimentRepository repository, NlpConfig config) {
        this.active = active;
        this.repository = repository;
        this.config = config.drift();
    }

    public Uni<Report> report() {
        PulseTextModel model = active.get();
        Distribution fromCard = cardReference(model.card().metrics());
        Uni<Distribution> reference = fromCard != null
                ? Uni.createFrom().item(fromCard)
                : repository
                        .first(model.name(), active.baseVersion(), config.referenceSize())
                        .map(DriftService::of);
        return reference.chain(ref -> repository
                .latest(model.name(), config.window())
                .map(DriftService::of)
                .map(recent -> {
                    boolean enough = ref.size() >= MIN_SIZE && recent.size() >= MIN_SIZE;
                    Double labelPsi = enough ? round(Psi.psi(toArray(ref.labels()), toArray(recent.labels()))) : null;
                    Double confPsi = enough ? round(Psi.psi(ref.confidenceBins(), recent.confidenceBins())) : null;
                    boolean drifted = enough && Math.max(labelPsi, confPsi) >= config.threshold();
                    return new Report(
                            model.name(),
                            model.version(),
                            fromCard != null
                                    ? "card"
                                    : "first " + config.referenceSize() + " scored by " + active.baseVersion(),
                            ref,
                            recent,
                            labelPsi,
                            confPsi,
                            config.threshold(),
                            drifted);
                }));
    }

    static Distribution of(List<SentimentRepository.Prediction> predictions) {
        double[] labels = new double[3];
        double[] bins = new double[ConfidenceBins.COUNT];
        double sum = 0;
        for (SentimentRepository.Prediction p : predictions) {
            int l = SentimentLabels.index(p.label());
            if (l >= 0) {
                labels[l]++;
            }
            bins[ConfidenceBins.of(p.confidence())]++;
            sum += p.confidence();
        }
        return new Distribution(
                predictions.size(),
                named(Psi.proportions(labels)),
                round(Psi.proportions(bins)),
                predictions.isEmpty() ? 0 : round(sum / predictions.size()));
    }

    /** The card's reference, when it has one (all three label shares and ten confidence bins). */
    static Distribution cardReference(Map<String, Double> metrics) {
        double[] labels = new double[3];
        double[] bins = new double[ConfidenceBins.COUNT];
        for (int i = 0; i < 3; i++) {
            Double v = metrics.get("reference.label." + SentimentLabels.ALL.get(i));
            if (v == null) {
                return null;
            }
            labels[i] = v;
        }
        double mean = 0;
        for (int b = 0; b < bins.length; b++) {
            Double v = metrics.get("reference.confidence." + b);
            if (v == null) {
                return null;
            }
            bins[b] = v;
        }
        double[] p = Psi.proportions(bins);
        for (int b = 0; b < p.length; b++) {
            mean += p[b] * ConfidenceBins.centre(b);
        }
        int size = metrics.getOrDefault("reference.size", 1000.0).intValue();
        return new Distribution(size, named(Psi.proportions(labels)), round(p), round(mean));
    }

    private static Map<String, Double> named(double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            m.put(SentimentLabels.ALL.get(i), round(p[i]));
        }
        return m;
    }

    private static double[] toArray(Map<String, Double> labels) {
        return SentimentLabels.ALL.stream().mapToDouble(labels::get).toArray();
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = round(v[i]);
        }
        return out;
    }

    private static double round(double v) {
        return SentimentLabels.round(v);
    }
}
