package io.retailpulse.inference.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Synthetic customer feedback on a few known themes: varied wording, one meaning per theme. */
public final class PlantedFeedback {
    /** A planted theme: its name and the core sentences its messages vary around. */
    public record Theme(String name, List<String> cores) {}

    public static final Theme DELIVERY = new Theme(
            "delivery",
            List.of(
                    "my delivery is late",
                    "my parcel delivery is very late",
                    "the delivery of my order is late again",
                    "late delivery again, my parcel has not arrived",
                    "my order delivery is a week late",
                    "delivery is late and my parcel is still not here"));
    public static final Theme REFUND = new Theme(
            "refund",
            List.of(
                    "I still have not received my refund",
                    "my refund has not arrived yet",
                    "where is my refund",
                    "still waiting for the refund for my return",
                    "the refund for my returned item never came",
                    "no refund received after my return"));
    public static final Theme STAFF = new Theme(
            "staff",
            List.of(
                    "the staff were rude",
                    "rude staff at the store",
                    "your staff were so rude to me",
                    "the staff at the checkout were rude",
                    "very rude staff in your store"));
    public static final Theme LOGIN = new Theme(
            "login",
            List.of(
                    "I cannot log in to my account",
                    "login to my account fails",
                    "the website will not let me log in",
                    "I am unable to sign in to my account"));
    public static final Theme COFFEE = new Theme(
            "coffee",
            List.of(
                    "I love your coffee",
                    "your coffee is delicious",
                    "the coffee in your cafe is great",
                    "best coffee in town, I love it",
                    "your new coffee blend is delicious",
                    "great coffee as always"));

    private static final List<String> OPENERS =
            List.of("", "Honestly, ", "Just so you know, ", "Hi, ", "Well, ", "Update: ", "FYI ");
    private static final List<String> CLOSERS =
            List.of("", ".", "!", " this week.", " - again.", " today.", " Thanks.");

    private PlantedFeedback() {}

    /** {@code count} distinct messages on {@code theme}, deterministic for a seed. */
    public static List<String> messages(Theme theme, int count, long seed) {
        Random random = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            String core = theme.cores().get(random.nextInt(theme.cores().size()));
            String opener = OPENERS.get(random.nextInt(OPENERS.size()));
            String text = opener.isEmpty() ? Character.toUpperCase(core.charAt(0)) + core.substring(1) : opener + core;
            out.add(text + CLOSERS.get(random.nextInt(CLOSERS.size())));
        }
        return new ArrayList<>(out);
    }
}
