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
}
