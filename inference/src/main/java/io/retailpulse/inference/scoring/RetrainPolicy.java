package io.retailpulse.inference.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to retrain the sentiment head and whether to keep the result ({@code pulse.inference.nlp.retrain.*}).
 * A retrain needs labels it has not seen ({@code newLabels > 0}) and at least {@code minTotalLabels} in all; then
 * any trigger starts it: enough new labels, the interval since the last retrain, a drop of the mean confidence
 * against the reference, or drift (PSI of the label mix or of the confidence histogram).
 *
 * @param minNewLabels   count trigger
 * @param interval       time trigger
 * @param confidenceDrop confidence trigger: reference mean confidence minus recent mean confidence
 * @param driftPsi       drift trigger
 * @param minRecent      the confidence and drift triggers need this many recent predictions
 * @param tolerance      a candidate is kept when its held-out macro recall is at least the current one's minus this
 */
public record RetrainPolicy(
        int minNewLabels,
        int minTotalLabels,
        Duration interval,
        double confidenceDrop,
        double driftPsi,
        int minRecent,
        double tolerance) {

    /** What the policy looks at. {@code lastRetrain}: the last retrain, or when the service started. */
    public record State(
            int newLabels,
            int totalLabels,
            Instant lastRetrain,
            Instant now,
            int recentSize,
            double referenceConfidence,
            double recentConfidence,
            double labelPsi,
            double confidencePsi) {}

    /** The trigger that fires (count, time, confidence-drop, drift), or empty. */
    public Optional<String> trigger(State s) {
        if (s.newLabels() <= 0 || s.totalLabels() < minTotalLabels) {
            return Optional.empty();
        }
        if (s.newLabels() >= minNewLabels) {
            return Optional.of("count");
        }
        if (s.lastRetrain() != null && !s.now().isBefore(s.lastRetrain().plus(interval))) {
            return Optional.of("time");
        }
        if (s.recentSize() >= minRecent) {
            if (s.referenceConfidence() - s.recentConfidence() >= confidenceDrop) {
                return Optional.of("confidence-drop");
            }
            if (Math.max(s.labelPsi(), s.confidencePsi()) >= driftPsi) {
                return Optional.of("drift");
            }
        }
        return Optional.empty();
    }

    /** Not worse on the held-out labels: the candidate's macro recall is at least the current one's minus tolerance. */
    public boolean accept(SoftmaxTrainer.Evaluation current, SoftmaxTrainer.Evaluation candidate) {
        return candidate.macroRecall() >= current.macroRecall() - tolerance;
    }
}
