package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Labels: c-TF-IDF phrases re-ranked by the centroid, diversified, and free of filler words. */
class KeyPhraseRepresenterTest {
    private static final TopicParams PARAMS = new TopicParams(3, 2, 0, 2.0, 5, 1.0, 2.0, 0);

    /** Shopper posts in the demo's style: three complaints, each wrapped in the same chatter. */
    private static final List<List<String>> DEMO = List.of(
            List.of(
                    "Milk was out of stock AGAIN at the store. third time this week 😤 #grocery",
                    "bread was out of stock AGAIN at the store. third time this week 🙄",
                    "eggs out of stock again at the store lol #shopping",
                    "Yogurt was out of stock AGAIN at the store, grabbed three elsewhere #grocery"),
            List.of(
                    "paid full price for cheese and it was expired. not cool store #shopping",
                    "paid full price for ham and it was expired. not cool store",
                    "why is the salad at the store always past its date fr #grocery",
                    "paid full price for juice and it was expired. not cool store #grocery"),
            List.of(
                    "the self-checkout at the store is broken every. single. time 😡 #shopping",
                    "the self-checkout at the store is broken every. single. time #grocery",
                    "self-checkout broken again at the store smh",
                    "the self-checkout at the store is broken every. single. time 👎"));

    /** Direction per theme word; a phrase's vector is the sum of its words' directions. */
    private static float[] vector(String text) {
        float[] v = new float[4];
        String t = text.toLowerCase();
        if (t.contains("stock")) {
            v[0] += 1;
        }
        if (t.contains("expired") || t.contains("date")) {
            v[1] += 1;
        }
        if (t.contains("self-checkout") || t.contains("broken")) {
            v[2] += 1;
        }
        v[3] += 0.2f; // everything else: shared chatter
        return Vectors.normalize(v);
    }

    private static final Embedder EMBEDDER =
            texts -> texts.stream().map(KeyPhraseRepresenterTest::vector).toArray(float[][]::new);

    private static List<Representer.Representation> represent(List<List<String>> docs, Embedder embedder) {
        float[][] centroids = docs.stream()
                .map(d -> Vectors.centroid(
                        d.stream().map(KeyPhraseRepresenterTest::vector).toArray(float[][]::new),
                        java.util.stream.IntStream.range(0, d.size()).toArray()))
                .toArray(float[][]::new);
        return Representer.keyPhrases().represent(new Representer.Input(docs, centroids, null, embedder, PARAMS));
    }

    @Test
    void labelsAreThePhrasesOfTheComplaintNotItsFillerWords() {
        List<Representer.Representation> r = represent(DEMO, EMBEDDER);
        assertTrue(r.get(0).label().startsWith("out of stock"), r.get(0).toString());
        assertTrue(r.get(1).label().contains("expired"), r.get(1).toString());
        assertTrue(r.get(2).label().contains("self-checkout"), r.get(2).toString());
        Set<String> filler = Set.of(
                "store",
                "grocery",
                "shopping",
                "three",
                "grabbed",
                "lol",
                "smh",
                "fr",
                "again",
                "third",
                "time",
                "week",
                "single",
                "every",
                "cool");
        for (Representer.Representation rep : r) {
            for (String word : rep.label().split("[ ,]+")) {
                assertFalse(filler.contains(word), "filler '" + word + "' in " + rep);
            }
        }
    }

    @Test
    void theCentroidReranksCandidatesThatCtfIdfRanksAlike() {
        // by c-TF-IDF "paid full price" and "expired" tie; the centroid says the topic is about expiry
        List<Representer.Representation> r = represent(DEMO, EMBEDDER);
        assertEquals("expired", r.get(1).keywords().get(0), r.get(1).toString());
    }

    @Test
    void withoutAnEncoderTheLabelComesFromCtfIdfAlone() {
        List<Representer.Representation> failing = represent(DEMO, texts -> {
            throw new IllegalStateException("encoder closed");
        });
        assertTrue(failing.get(0).label().contains("stock"), failing.toString());
        assertFalse(failing.get(2).label().isBlank());
    }

    @Test
    void aLabelNeverRepeatsAWordAndHasAtMostThreePhrases() {
        for (Representer.Representation rep : represent(DEMO, EMBEDDER)) {
            List<String> words = List.of(rep.label().split("[ ,]+"));
            assertEquals(words.size(), Set.copyOf(words).size(), rep.toString());
            assertTrue(rep.label().split(", ").length <= 3, rep.toString());
        }
    }

    /** The demo's self-checkout complaint at one store: its name and its city are in every text of the topic. */
    private static final List<List<String>> AT_ONE_STORE = List.of(
            DEMO.get(0),
            DEMO.get(1),
            List.of(
                    "the self-checkout at Cork Market Cork is broken every. single. time 😡 #shopping",
                    "the self-checkout at Cork Market Cork is broken every. single. time #grocery",
                    "the self-checkout at cork market cork is broken every. single. time",
                    "self-checkout broken again at Cork Market in Cork smh"));

    @Test
    void aStoreOrPlaceNamedInEveryTextOfATopicNeverAppearsInItsLabel() {
        float[][] centroids = AT_ONE_STORE.stream()
                .map(d -> Vectors.centroid(
                        d.stream().map(KeyPhraseRepresenterTest::vector).toArray(float[][]::new),
                        java.util.stream.IntStream.range(0, d.size()).toArray()))
                .toArray(float[][]::new);
        // without the names the store and its city are among the topic's phrases: the names are what keeps them out
        List<Representer.Representation> unnamed = Representer.keyPhrases()
                .represent(new Representer.Input(AT_ONE_STORE, centroids, null, EMBEDDER, PARAMS));
        assertTrue(
                unnamed.get(2).keywords().stream().anyMatch(k -> k.contains("cork")),
                unnamed.get(2).toString());
        List<Representer.Representation> r = Representer.keyPhrases()
                .represent(new Representer.Input(
                        AT_ONE_STORE, centroids, null, EMBEDDER, PARAMS, Set.of("Cork Market", "Cork")));
        Representer.Representation checkout = r.get(2);
        for (String phrase : checkout.keywords()) {
            assertFalse(phrase.contains("cork") || phrase.contains("market"), checkout.toString());
        }
        assertFalse(checkout.label().contains("cork") || checkout.label().contains("market"), checkout.toString());
        // cut with its preposition, the name leaves the complaint around it in one piece
        assertEquals("self-checkout is broken", checkout.label(), checkout.toString());
    }

    @Test
    void aLabelIsOnePhraseOfOneToThreeWords() {
        for (Representer.Representation rep : represent(DEMO, EMBEDDER)) {
            assertFalse(rep.label().contains(","), rep.toString());
            int words = rep.label().split(" ").length;
            assertTrue(words >= 1 && words <= 3, rep.toString());
        }
    }

    @Test
    void aLongerPhraseHoldingTheBestOneAndNearlyAsCloseTakesItsPlace() {
        // "self-checkout" and "self-checkout is broken" point the same way: the longer one says more
        List<Representer.Representation> r = represent(DEMO, EMBEDDER);
        assertTrue(r.get(2).label().startsWith("self-checkout "), r.get(2).toString());
    }

    @Test
    void aTopicWithoutCandidatesIsMisc() {
        List<Representer.Representation> r =
                represent(List.of(List.of("the", "and it was"), List.of("a b c")), EMBEDDER);
        assertEquals("misc", r.get(0).label());
    }
}
