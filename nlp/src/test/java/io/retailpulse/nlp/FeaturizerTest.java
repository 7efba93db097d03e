package io.retailpulse.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeaturizerTest {
    private static Featurizer featurizer;

    @BeforeAll
    static void open() {
        featurizer = new Featurizer(128);
    }

    @AfterAll
    static void close() {
        featurizer.close();
    }

    @Test
    void tokenSpansStayRightAfterCharactersOutsideTheBmp() {
        String raw = "𝔘𝔫𝔦 and 😀 Paris";
        TextEncoding enc = featurizer.encode(raw);
        String norm = enc.normalized().text();
        boolean found = false;
        for (int t = 0; t < enc.length(); t++) {
            if (enc.tokenStart()[t] >= 0
                    && norm.substring(enc.tokenStart()[t], enc.tokenEnd()[t]).equals("Paris")) {
                int[] orig = enc.normalized().toOriginal(enc.tokenStart()[t], enc.tokenEnd()[t]);
                assertEquals("Paris", raw.substring(orig[0], orig[1]));
                assertEquals(2, enc.shapes()[t], "Capitalised shape");
                found = true;
            }
        }
        assertTrue(found, "a token spanning Paris in " + norm);
    }

    @Test
    void shapesMarkCaseDigitsAndContinuations() {
        TextEncoding enc = featurizer.encode("IBM sells 42 unbelievably");
        assertEquals(0, enc.shapes()[0], "[CLS]");
        assertEquals(3, enc.shapes()[1], "IBM is upper case");
        assertEquals(1, enc.shapes()[2], "sells is lower case");
        assertEquals(5, enc.shapes()[3], "42 has digits");
        assertTrue(enc.continuation()[enc.length() - 2], "the last word is split into pieces");
        assertTrue(enc.shapes()[enc.length() - 2] >= 8, "continuation shapes are offset by 8");
        assertEquals(0, enc.shapes()[enc.length() - 1], "[SEP]");
    }

    @Test
    void longTextsAreTruncatedToMaxTokens() {
        assertEquals(128, featurizer.encode("word ".repeat(1000)).length());
        assertEquals(2, featurizer.encode("").length());
    }
}
