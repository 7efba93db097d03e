package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.EntityMention;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names a feedback brings to the weekly run, so that no label holds them. */
class LabelNamesTest {
    private static EntityMention m(String text, String type) {
        return new EntityMention(text, type, 0, text.length(), 0.9, text.toLowerCase());
    }

    @Test
    void peoplePlacesOrganisationsStoresAndProductsAreNamesButMiscIsNot() {
        List<String> names = LabelNames.of(List.of(
                m("Jane", "PERSON"),
                m("Cork", "LOCATION"),
                m("Northfield", "ORGANIZATION"),
                m("Cork  Market", "STORE"),
                m("Oat Milk", "PRODUCT"),
                m("Christmas", "MISC"),
                m("Cork", "LOCATION")));
        assertEquals(List.of("Jane", "Cork", "Northfield", "Cork Market", "Oat Milk"), names);
        assertEquals(List.of(), LabelNames.of(null));
    }

    @Test
    void theColumnHoldsWholeNamesUpToItsSizeAndReadsBack() {
        assertNull(LabelNames.column(List.of()));
        assertEquals(
                List.of("Jane", "Cork Market"), LabelNames.parse(LabelNames.column(List.of("Jane", "Cork Market"))));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add("Store number " + i);
        }
        String column = LabelNames.column(many);
        assertTrue(column.length() <= LabelNames.MAX_CHARS, column.length() + " chars");
        assertTrue(LabelNames.parse(column).stream().allMatch(many::contains), "no name cut in half");
        assertEquals(List.of(), LabelNames.parse(null));
    }

    @Test
    void aTaggedNameCountsOnlyWhereTheHeadTagsItInMostDocumentsHoldingIt() {
        List<String> texts = List.of(
                "Equifax never fixed my credit report",
                "equifax again, credit report still wrong",
                "Credit report shows a loan I never took",
                "my credit report lists a closed card",
                "credit limit lowered without notice");
        List<List<String>> tagged =
                List.of(List.of("Equifax"), List.of("equifax"), List.of("Credit"), List.of(), List.of());
        // "Equifax" tagged in both documents holding it; "Credit" in 1 of 5: a heading word, not a name
        assertEquals(java.util.Set.of("Equifax"), LabelNames.reliable(texts, tagged));
    }
}
