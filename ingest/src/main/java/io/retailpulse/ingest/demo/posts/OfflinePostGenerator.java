package io.retailpulse.ingest.demo.posts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes varied shopper posts without any model: templates per sentiment filled with catalog names, slang,
 * emoji, hashtags and links. Labels are balanced 35/35/30 positive/neutral/negative exactly (up to rounding)
 * and shuffled; everything is determined by the seed.
 */
public final class OfflinePostGenerator {
    private static final String[] POSITIVE = {
        "obsessed with the {product} from {store} rn {emo+} {tag}",
        "ngl the {product} at {store} slaps {emo+}",
        "big shoutout to the staff at {store} in {city}, super helpful today {emo+} {tag}",
        "{product} back in stock!! grabbed three lol {url}",
        "10/10 would buy {product} again {emo+} {tag} {tag}",
        "lowkey the best {product} I've had this year. {store} never misses {emo+}",
        "finally found {product} at {store} and it was on sale?? love that {emo+}",
        "{store} {city} checkout was so quick today, in and out in 5 min {emo+} {tag}",
        "tbh {product} is worth every cent {emo+} {url}",
        "the new {product} is amazing, my kids finished it in a day {emo+} {tag}"
    };
    private static final String[] NEUTRAL = {
        "anyone tried the new {product}? thinking of grabbing some at {store}",
        "does {store} in {city} open early on sundays? {url}",
        "picked up {product} today. it's fine i guess {emo0}",
        "is {product} on sale this week at {store}? {tag}",
        "ok so {store} moved the snacks aisle again {emo0}",
        "grocery run at {store} done. {product}, bread, the usual {tag}",
        "comparing {product} prices between stores, {store} is about average {url}",
        "{store} {city} has a new self-checkout area now fyi",
        "first time buying {product}, will report back {emo0} {tag}",
        "imo {product} tastes the same as the old one. no idea what changed"
    };
    private static final String[] NEGATIVE = {
        "waited 25 min at checkout in {store} smh {emo-} {tag}",
        "{product} was out of stock AGAIN at {store}. third time this week {emo-}",
        "paid full price for {product} and it was expired. not cool {store} {url}",
        "the self-checkout at {store} {city} is broken every. single. time {emo-} {tag}",
        "{product} went up 40% since last month?? nah {emo-}",
        "rude staff at {store} today, won't be back anytime soon {emo-} {tag}",
        "opened my {product} and half of it was crushed {emo-} {url}",
        "why is the {product} at {store} always past its date fr {emo-}",
        "{store} charged me twice for {product}, still waiting on a refund {emo-} {tag}",
        "tbh {product} quality has gone way down lately {emo-}"
    };
    private static final String[] EMO_POS = {"😍", "🔥", "🙌", "✨", "💯", "🥰", "👏"};
    private static final String[] EMO_NEU = {"🤷", "🛒", "🤔", "👀", ""};
    private static final String[] EMO_NEG = {"😤", "🙄", "😡", "👎", "🤬", "😒"};
    private static final String[] TAGS = {
        "#grocery", "#shopping", "#deal", "#foodie", "#fail", "#weeklyshop", "#retail", "#customerservice"
    };

    private final SplittableRandom random;

    public OfflinePostGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} labels in the 35/35/30 balance, shuffled. */
    public List<String> labels(int count) {
        int positive = (int) Math.round(count * 0.35);
        int neutral = (int) Math.round(count * 0.35);
        List<String> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            labels.add(
                    i < positive
                            ? GeneratedPost.POSITIVE
                            : i < positive + neutral ? GeneratedPost.NEUTRAL : GeneratedPost.NEGATIVE);
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = labels.get(i);
            labels.set(i, labels.get(j));
            labels.set(j, t);
        }
        return labels;
    }

    public GeneratedPost post(String sentiment, PostCatalog catalog) {
        String[] templates = switch (sentiment) {
            case GeneratedPost.POSITIVE -> POSITIVE;
            case GeneratedPost.NEUTRAL -> NEUTRAL;
            default -> NEGATIVE;
        };
        PostCatalog.Entry product =
                catalog.products().get(random.nextInt(catalog.products().size()));
        PostCatalog.Entry store = catalog.stores().isEmpty()
                ? null
                : catalog.stores().get(random.nextInt(catalog.stores().size()));
        String template = templates[random.nextInt(templates.length)];
        return render(template, sentiment, product, store);
    }

    /**
     * A post with {@code sentiment} that names {@code product} (only templates that mention a product), and a
     * random store when the template has one: the demo's planted posts (demo.plant.SentimentPlant).
     */
    public GeneratedPost postAbout(String sentiment, PostCatalog.Entry product, PostCatalog catalog) {
        String[] templates = java.util.Arrays.stream(
                        switch (sentiment) {
                            case GeneratedPost.POSITIVE -> POSITIVE;
                            case GeneratedPost.NEUTRAL -> NEUTRAL;
                            default -> NEGATIVE;
                        })
                .filter(t -> t.contains("{product}"))
                .toArray(String[]::new);
        PostCatalog.Entry store = catalog.stores().isEmpty()
                ? null
                : catalog.stores().get(random.nextInt(catalog.stores().size()));
        return render(templates[random.nextInt(templates.length)], sentiment, product, store);
    }

    private GeneratedPost render(
            String template, String sentiment, PostCatalog.Entry product, PostCatalog.Entry store) {
        boolean mentionsStore = template.contains("{store}") && store != null;
        boolean mentionsProduct = template.contains("{product}");
        String text = template.replace("{product}", product.name())
                .replace("{store}", store == null ? "the store" : store.name())
                .replace("{city}", store == null || store.place() == null ? "town" : store.place());
        text = fill(text, "{emo+}", EMO_POS);
        text = fill(text, "{emo0}", EMO_NEU);
        text = fill(text, "{emo-}", EMO_NEG);
        while (text.contains("{tag}")) {
            String tag = random.nextInt(3) == 0 && product.place() != null
                    ? "#" + product.place().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT)
                    : TAGS[random.nextInt(TAGS.length)];
            text = text.replaceFirst("\\{tag}", tag);
        }
        text = text.replace("{url}", "https://pulse.example/p/" + Long.toString(random.nextLong() & 0xFFFFFFFL, 36));
        if (random.nextInt(4) == 0) {
            text = text.toLowerCase(Locale.ROOT);
        }
        return new GeneratedPost(
                text.replaceAll(" +", " ").trim(),
                sentiment,
                mentionsProduct ? product.id() : null,
                mentionsProduct ? product.name() : null,
                mentionsStore ? store.id() : null,
                mentionsStore ? store.name() : null,
                "offline");
    }

    private String fill(String text, String slot, String[] choices) {
        while (text.contains(slot)) {
            text = text.replaceFirst(java.util.regex.Pattern.quote(slot), choices[random.nextInt(choices.length)]);
        }
        return text;
    }
}
