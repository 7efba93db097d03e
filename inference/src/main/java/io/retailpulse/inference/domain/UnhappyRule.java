package io.retailpulse.inference.domain;

import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a feedback is a complaint ({@code pulse.inference.unhappy.*}): until sentiment scoring exists, from
 * what the source says (source, tags, a sentiment label or a low rating in the metadata); afterwards from the
 * {@code text.scored} label too.
 */
@ApplicationScoped
public class UnhappyRule {
    private final boolean all;
    private final Set<String> sources;
    private final Set<String> tags;
    private final List<String> labelKeys;
    private final Set<String> labels;
    private final String ratingKey;
    private final double maxRating;

    public UnhappyRule(InferenceConfig config) {
        InferenceConfig.Unhappy u = config.unhappy();
        this.all = u.all();
        this.sources = lower(u.sources());
        this.tags = lower(u.tags());
        this.labelKeys = u.labelKeys();
        this.labels = lower(u.labels());
        this.ratingKey = u.ratingKey();
        this.maxRating = u.maxRating();
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public boolean test(FeedbackEvent e) {
        if (all || (e.source() != null && sources.contains(e.source().toLowerCase(Locale.ROOT)))) {
            return true;
        }
        if (e.tags() != null && e.tags().stream().anyMatch(t -> t != null && tags.contains(t.toLowerCase(Locale.ROOT)))) {
            return true;
        }
        Map<String, String> meta = e.metadata();
        if (meta == null) {
            return false;
        }
        for (String key : labelKeys) {
            String v = meta.get(key);
            if (v != null && labels.contains(v.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return lowRating(meta.get(ratingKey));
    }

    /** For {@code text.scored} (once sentiment lands): the model's label decides, besides the source rule. */
    public boolean test(ScoredTextEvent e) {
        return all || (e.label() != null && labels.contains(e.label().toLowerCase(Locale.ROOT)))
                || (e.source() != null && sources.contains(e.source().toLowerCase(Locale.ROOT)));
    }

    private boolean lowRating(String rating) {
        if (rating == null || rating.isBlank()) {
            return false;
        }
        try {
            return Double.parseDouble(rating.trim()) <= maxRating;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
