package io.retailpulse.inference.scoring;

import io.retailpulse.common.events.EntityMention;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Model spans and catalog spans of one text, merged: a catalog span wins over every model span it overlaps. */
public final class EntityMerger {
    private EntityMerger() {}

    public static List<EntityMention> merge(List<EntityMention> catalog, List<EntityMention> model) {
        List<EntityMention> out = new ArrayList<>(catalog);
        for (EntityMention m : model) {
            boolean overlaps = catalog.stream().anyMatch(c -> m.start() < c.end() && c.start() < m.end());
            if (!overlaps) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparingInt(EntityMention::start).thenComparingInt(EntityMention::end));
        return out;
    }
}
