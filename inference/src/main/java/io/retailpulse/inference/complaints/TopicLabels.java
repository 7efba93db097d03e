package io.retailpulse.inference.complaints;

import io.retailpulse.inference.engine.KeyPhrases;
import io.retailpulse.inference.engine.Topic;
import io.retailpulse.inference.engine.TopicTracker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The label each topic of a run is stored with. A topic that kept its id and its content (its top key phrases
 * still overlap the previous run's, {@link TopicTracker#sameContent}) keeps its previous label, so a reason does
 * not get a new name every Monday; any other topic takes the engine's key-phrase label, or the LLM's when that is
 * enabled and answers (largest topics first, {@code llm.max-topics} per run).
 */
@ApplicationScoped
public class TopicLabels {
    private final LabelConfig config;
    private final LlmLabeler llm;

    public TopicLabels(LabelConfig config, LlmLabeler llm) {
        this.config = config;
        this.llm = llm;
    }

    /**
     * Labels of {@code topics} (largest first).
     *
     * @param offline         per topic, the engine's label (from its unhappy posts when it has enough of them)
     * @param previous        per topic, the previous run's topic whose id it keeps, or null
     * @param representatives per topic, its representative texts (what the LLM reads)
     */
    public List<String> labels(
            List<Topic> topics,
            List<String> offline,
            List<TopicStore.RunTopic> previous,
            List<List<String>> representatives) {
        return labels(topics, offline, previous, representatives, java.util.Set.of());
    }

    /**
     * As {@link #labels(List, List, List, List)}; an LLM label that holds one of {@code names} (a store, place,
     * person or brand of the posts) is refused and the offline label stands.
     */
    public List<String> labels(
            List<Topic> topics,
            List<String> offline,
            List<TopicStore.RunTopic> previous,
            List<List<String>> representatives,
            java.util.Set<String> names) {
        KeyPhrases.Names banned = new KeyPhrases.Names(names);
        List<String> out = new ArrayList<>(topics.size());
        int asked = 0;
        for (int t = 0; t < topics.size(); t++) {
            Topic topic = topics.get(t);
            TopicStore.RunTopic before = previous.get(t);
            if (before != null
                    && before.label() != null
                    && TopicTracker.sameContent(
                            before.keywords(), topic.keywords(), config.stableTop(), config.stableOverlap())) {
                out.add(before.label());
                continue;
            }
            String label = offline.get(t);
            if (llm.enabled() && asked < llm.maxTopics()) {
                asked++;
                label = llm.label(topic.keywords(), representatives.get(t))
                        .filter(l -> !banned.holds(l))
                        .orElse(label);
            }
            out.add(label);
        }
        return out;
    }
}
