package io.retailpulse.nlp;

import java.util.ArrayList;
import java.util.List;

/** BIO label sets of the NER heads: index 0 is O, then B-/I- per type. */
public final class NerLabels {
    /** The serving head's types, in label order. */
    public static final List<String> CONLL_TYPES = List.of("PER", "LOC", "ORG", "MISC");
    /** The auxiliary WNUT-17 head's types (evaluation only). */
    public static final List<String> WNUT_TYPES =
            List.of("person", "location", "corporation", "group", "product", "creative-work");

    private NerLabels() {}

    public static List<String> bio(List<String> types) {
        List<String> labels = new ArrayList<>();
        labels.add("O");
        for (String t : types) {
            labels.add("B-" + t);
            labels.add("I-" + t);
        }
        return labels;
    }

    /** Label index of B-type (I-type is +1), or 0 for O/unknown. */
    public static int begin(List<String> types, String type) {
        int i = types.indexOf(type);
        return i < 0 ? 0 : 1 + 2 * i;
    }

    /** Public name of a serving-head type. */
    public static String publicType(String conllType) {
        return switch (conllType) {
            case "PER" -> "PERSON";
            case "LOC" -> "LOCATION";
            case "ORG" -> "ORGANIZATION";
            default -> "MISC";
        };
    }

    /** WNUT-17 type → serving-head type (person → PER, location → LOC, group/corporation → ORG, rest MISC). */
    public static String wnutToConll(String wnutType) {
        return switch (wnutType) {
            case "person" -> "PER";
            case "location" -> "LOC";
            case "group", "corporation" -> "ORG";
            default -> "MISC";
        };
    }
}
