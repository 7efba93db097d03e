package io.retailpulse.inference.complaints;

import io.retailpulse.common.events.EntityMention;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The text topics see: catalog names (products, stores, brands) removed, so that posts cluster by what went wrong
 * ("charged twice", "past its date") rather than by which product or store they name; the product and store of a
 * post are already in its entities. Links and @mentions go too. Off with {@code pulse.inference.topics.mask-catalog-names=false}.
 */
@ApplicationScoped
public class ThemeText {
    /** Links and @mentions name a page or a person, not a complaint; their parts ("https") would become keywords. */
    private static final java.util.regex.Pattern NOISE =
            java.util.regex.Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+|(?<![\\w@])@\\w+");

    private final Gazetteer gazetteer;
    private final boolean enabled;

    @Inject
    public ThemeText(Gazetteer gazetteer, InferenceConfig config) {
        this(gazetteer, config.topics().maskCatalogNames());
    }

    ThemeText(Gazetteer gazetteer, boolean enabled) {
        this.gazetteer = gazetteer;
        this.enabled = enabled;
    }

    public String of(String text) {
        if (!enabled || text == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (EntityMention m : gazetteer.find(text)) {
            out.append(text, at, m.start()).append(' ');
            at = m.end();
        }
        out.append(text, at, text.length());
        String masked =
                NOISE.matcher(out).replaceAll(" ").replaceAll("\\s+", " ").trim();
        // a text that is nothing but names keeps them: an empty document would tell the encoder nothing
        return masked.isEmpty() ? text : masked;
    }

    /**
     * The names no topic label of these documents may hold: those the scoring step found in them
     * ({@link LabelNames}, where {@link LabelNames#reliable} says they are names here), the catalog names in them, and every store name and city of the catalog (a city two
     * stores share is not masked by {@link #of}). The labels read the documents as written less these names and the
     * preposition before each ("the self-checkout at Cork is broken" → "self-checkout is broken").
     */
    public Set<String> names(List<FeedbackRepository.Doc> docs) {
        Set<String> out = new HashSet<>(gazetteer.places());
        for (FeedbackRepository.Doc d : docs) {
            if (d.text() != null) {
                gazetteer.find(d.text()).forEach(m -> out.add(m.text()));
            }
        }
        // the entity head's names only where they are names in this corpus (LabelNames.reliable)
        out.addAll(LabelNames.reliable(
                docs.stream().map(d -> d.text() == null ? "" : d.text()).toList(),
                docs.stream().map(FeedbackRepository.Doc::names).toList()));
        return out;
    }
}
