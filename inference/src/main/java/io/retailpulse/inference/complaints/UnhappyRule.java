package io.retailpulse.inference.complaints;

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
 * Whether a feedback is a complaint ({@code pulse.inference.unhappy.*}): the {@code text.scored} label, or what
 * the source says (source, tags, a sentiment label or a low rating in the metadata).
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
        return bySource(e.source(), e.tags(), e.metadata());
    }

    /**
     * For {@code text.scored}: the model's label decides (negative = unhappy), and the source's own markers
     * (complaint source or tag, a negative label or low rating in the metadata) still count.
     */
    public boolean test(ScoredTextEvent e) {
        return (e.label() != null && labels.contains(e.label().toLowerCase(Locale.ROOT)))
                || bySource(e.source(), e.tags(), e.metadata());
    }

    private boolean bySource(String source, List<String> eventTags, Map<String, String> meta) {
        if (all || (source != null && sources.contains(source.toLowerCase(Locale.ROOT)))) {
            return true;
        }
        if (eventTags != null
                && eventTags.stream().anyMatch(t -> t != null && tags.contains(t.toLowerCase(Locale.ROOT)))) {
            return true;
        }
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
