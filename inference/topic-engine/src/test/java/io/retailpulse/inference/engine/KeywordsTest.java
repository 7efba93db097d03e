package io.retailpulse.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordsTest {
    @Test
    void termsDistinctiveOfATopicRankAboveSharedAndStopWords() {
        List<List<String>> docs = List.of(
                List.of("my refund is late", "the refund never came", "refund please, it is late"),
                List.of("delivery is late", "the delivery was late again", "late delivery of my parcel"));
        List<List<String>> terms = Keywords.topTerms(docs, 3);
        assertEquals("refund", terms.get(0).get(0));
        assertEquals("delivery", terms.get(1).get(0));
        assertFalse(terms.get(0).contains("the"));
    }

    @Test
    void labelSkipsWordsAlreadyInsideAChosenPhrase() {
        assertEquals("late delivery, refund", Keywords.label(List.of("late delivery", "delivery", "refund")));
        assertTrue(Keywords.label(List.of()).equals("misc"));
    }

    @Test
    void redactionMasksNeverBecomeKeywords() {
        List<List<String>> docs = List.of(
                List.of("XXXX reported my loan late on XX/XX/XXXX", "the XXXX loan is not mine, XXXX XXXX"),
                List.of("card fee charged twice by XXXX", "a fee on my card from XXXX"));
        List<List<String>> terms = Keywords.topTerms(docs, 5);
        assertEquals("loan", terms.get(0).get(0));
        assertTrue(terms.stream().flatMap(List::stream).noneMatch(t -> t.contains("xx")), terms.toString());
    }

    @Test
    void socialFillersNeverBecomeKeywords() {
        List<List<String>> docs = List.of(
                List.of("lol the shelf was empty again tbh", "empty shelf lol", "smh, empty shelves lately"),
                List.of("charged twice omg", "I was charged twice tbh", "charged twice for one coffee lol"));
        List<List<String>> terms = Keywords.topTerms(docs, 5);
        assertTrue(terms.get(0).contains("empty"), terms.toString());
        assertTrue(terms.get(1).contains("charged"), terms.toString());
        assertTrue(
                terms.stream().flatMap(List::stream).noneMatch(t -> t.matches(".*\\b(lol|tbh|smh|omg|lately)\\b.*")),
                terms.toString());
    }
}
