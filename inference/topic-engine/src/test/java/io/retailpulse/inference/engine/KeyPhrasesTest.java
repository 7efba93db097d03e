package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Candidate phrases: 1–3 words inside one clause, never opened or closed by a stop word or a filler word. */
class KeyPhrasesTest {
    @Test
    void phrasesHaveOneToThreeWordsAndNeverStartOrEndWithAStopWord() {
        List<String> p = KeyPhrases.phrases(List.of("the", "self-checkout", "is", "broken", "again"), Set.of());
        assertEquals(List.of("self-checkout", "self-checkout is broken", "broken"), p);
        assertTrue(p.stream().allMatch(x -> x.split(" ").length <= KeyPhrases.MAX_WORDS), p.toString());
    }

    @Test
    void aComplaintMayOpenWithOutOrNotButNeverEndWithIt() {
        List<String> p = KeyPhrases.phrases(List.of("milk", "was", "out", "of", "stock"), Set.of());
        assertTrue(p.contains("out of stock"), p.toString());
        assertTrue(p.contains("stock"), p.toString());
        assertFalse(p.contains("out"), "an opener alone is no phrase: " + p);
        assertFalse(p.stream().anyMatch(x -> x.endsWith(" out") || x.endsWith(" of")), p.toString());
        assertFalse(p.contains("milk was out"), p.toString());
    }

    @Test
    void aVerbKeepsItsParticleButAParticleNeverFollowsAStopWord() {
        List<String> p = KeyPhrases.phrases(List.of("my", "top", "up", "failed"), Set.of());
        assertTrue(p.contains("top up") && p.contains("top up failed"), p.toString());
        assertFalse(p.contains("up"), p.toString());
        assertFalse(KeyPhrases.phrases(List.of("milk", "was", "out"), Set.of()).contains("milk was out"));
    }

    @Test
    void phrasesNeverCrossPunctuationEmojiNumbersLinksOrMasks() {
        List<List<String>> clauses = KeyPhrases.clauses(
                "Paid full price, and it was EXPIRED. not cool 😤 waited 25 min https://x.example/p/1 XXXX loan");
        assertEquals(
                List.of(
                        List.of("paid", "full", "price"),
                        List.of("and", "it", "was", "expired"),
                        List.of("not", "cool"),
                        List.of("waited"),
                        List.of("min"),
                        List.of("loan")),
                clauses);
        assertFalse(clauses.stream()
                .flatMap(c -> KeyPhrases.phrases(c, Set.of()).stream())
                .anyMatch(x -> x.contains("price expired") || x.contains("waited min")));
    }

    @Test
    void socialFillersAndNumberWordsAreStopWords() {
        List<String> p = KeyPhrases.phrases(
                KeyPhrases.clauses("lol grabbed three tbh ngl").get(0), Set.of());
        assertEquals(List.of("grabbed"), p);
    }

    @Test
    void corpusFillerIsFrequentEverywhereAndTellingNowhere() {
        // "store" is in every topic as often as in the corpus: filler; "refund" is frequent but only in topic 0
        List<List<String>> docs = List.of(
                List.of("store refund late", "store refund never came", "refund missing store", "refund store"),
                List.of("store shelf empty", "empty shelf at the store", "store shelves empty", "store empty"),
                List.of("store staff rude", "rude staff store", "staff so rude store", "store rude"));
        Set<String> filler = KeyPhrases.filler(docs.stream()
                .map(t -> t.stream().map(KeyPhrases::clauses).toList())
                .toList());
        assertTrue(filler.contains("store"), filler.toString());
        assertFalse(filler.contains("refund"), filler.toString());
        List<List<KeyPhrases.Scored>> c = KeyPhrases.candidates(docs, 10);
        assertTrue(c.stream().flatMap(List::stream).noneMatch(s -> s.phrase().contains("store")), c.toString());
        assertEquals("refund", c.get(0).get(0).phrase());
    }

    @Test
    void aRepeatedPhraseDistinctiveOfItsTopicIsACandidate() {
        List<List<String>> docs = List.of(
                List.of("milk out of stock again", "bread out of stock", "eggs out of stock, again"),
                List.of("charged twice again", "I was charged twice", "charged twice for coffee"));
        List<List<KeyPhrases.Scored>> c = KeyPhrases.candidates(docs, 5);
        assertTrue(c.get(0).stream().anyMatch(s -> s.phrase().equals("out of stock")), c.toString());
        assertEquals(
                "charged twice",
                c.get(1).stream()
                        .filter(s -> s.phrase().contains(" "))
                        .findFirst()
                        .orElseThrow()
                        .phrase());
    }

    @Test
    void aNameAndThePrepositionBeforeItAreCutAndTheComplaintAroundItJoined() {
        KeyPhrases.Names names = new KeyPhrases.Names(List.of("Cork Market", "Cork", "Jane O'Neill"));
        assertEquals(
                List.of(List.of("the", "self-checkout", "is", "broken")),
                KeyPhrases.clauses("the self-checkout at Cork Market Cork is broken", names));
        assertEquals(
                List.of(List.of("rude", "staff", "today")),
                KeyPhrases.clauses("rude staff at cork market today", names));
        assertEquals(
                List.of(List.of("refund", "was", "refused")),
                KeyPhrases.clauses("Jane O'Neill's refund was refused", names));
        assertTrue(names.holds("self-checkout at cork"));
        assertFalse(names.holds("corked wine"), "a name is whole words, not a prefix");
    }

    @Test
    void aCandidateMadeOnlyOfFillerIsDropped() {
        // "store" and "today" are in every topic as often as in the corpus: filler, alone or together
        List<List<String>> docs = List.of(
                List.of("store today refund late", "store today refund never came", "refund missing store today"),
                List.of("store today shelf empty", "empty shelf store today", "store today shelves empty"),
                List.of("store today staff rude", "rude staff store today", "staff so rude store today"));
        Set<String> filler = KeyPhrases.filler(docs.stream()
                .map(t -> t.stream().map(KeyPhrases::clauses).toList())
                .toList());
        assertTrue(filler.containsAll(Set.of("store", "today")), filler.toString());
        List<List<KeyPhrases.Scored>> c = KeyPhrases.candidates(docs, 25);
        for (List<KeyPhrases.Scored> topic : c) {
            for (KeyPhrases.Scored s : topic) {
                assertFalse(
                        Set.of("store", "today", "store today", "today store").contains(s.phrase()), c.toString());
            }
        }
        assertEquals("refund", c.get(0).get(0).phrase(), c.toString());
    }

    @Test
    void aPhraseCountsOncePerDocumentSoOneLongNarrativeCannotCarryIt() {
        // one narrative repeats "escrow" six times; "late fee" is in every other document of the topic
        String rant = "escrow ".repeat(6).trim();
        List<List<String>> docs = List.of(
                List.of(rant, "late fee again", "a late fee", "late fee charged", "late fee twice"),
                List.of("card declined", "declined card", "card declined again", "card was declined"),
                List.of("app crashed", "the app crashed", "app crashed twice", "app crashed on login"));
        List<List<KeyPhrases.Scored>> c = KeyPhrases.candidates(docs, 25);
        assertTrue(c.get(0).stream().anyMatch(s -> s.phrase().equals("late fee")), c.toString());
        KeyPhrases.Scored lateFee = c.get(0).stream()
                .filter(s -> s.phrase().equals("late fee"))
                .findFirst()
                .orElseThrow();
        KeyPhrases.Scored escrow = c.get(0).stream()
                .filter(s -> s.phrase().equals("escrow"))
                .findFirst()
                .orElseThrow();
        assertTrue(lateFee.weight() > escrow.weight(), c.toString());
        assertEquals(0.8, lateFee.share(), 1e-9);
    }
}
