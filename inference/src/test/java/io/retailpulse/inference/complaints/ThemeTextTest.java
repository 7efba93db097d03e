package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.inference.catalog.Gazetteer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThemeTextTest {
    private Gazetteer gazetteer;

    @BeforeEach
    void setUp() {
        gazetteer = new Gazetteer(5);
        gazetteer.put(new CatalogEvent(
                CatalogEvent.PRODUCT,
                "SKU-0001",
                "Northfield Oat Milk",
                null,
                null,
                "Northfield",
                "dairy",
                BigDecimal.ONE,
                "import",
                Instant.EPOCH));
        gazetteer.put(new CatalogEvent(
                CatalogEvent.STORE, "S001", "Lyon Corner", "Lyon", "North", null, null, null, "import", Instant.EPOCH));
    }

    @Test
    void postsAboutDifferentProductsAndStoresKeepOnlyTheirComplaint() {
        ThemeText theme = new ThemeText(gazetteer, true);
        assertEquals(
                "why is the at always past its date",
                theme.of("why is the Northfield Oat Milk at Lyon Corner always past its date"));
        assertEquals(
                "charged me twice for , still waiting on a refund",
                theme.of("Lyon Corner charged me twice for Nortfield Oat Milk, still waiting on a refund"));
    }

    @Test
    void linksAndMentionsAreNoTheme() {
        ThemeText theme = new ThemeText(gazetteer, true);
        assertEquals(
                "@ paid full price and it was expired. not cool",
                theme.of("@ paid full price and it was expired. not cool https://example.pulse/p/123 @LyonCorner"));
        assertEquals("expired again, see cc", theme.of("expired again, see www.example.com/a?b=1 cc @shop_help"));
    }

    @Test
    void textsWithoutNamesOrMadeOnlyOfNamesStayAsTheyAre() {
        ThemeText theme = new ThemeText(gazetteer, true);
        assertEquals("the lid came off in transit", theme.of("the lid came off in transit"));
        assertEquals("Lyon Corner", theme.of("Lyon Corner"));
        assertEquals(
                "why is the Northfield Oat Milk late",
                new ThemeText(gazetteer, false).of("why is the Northfield Oat Milk late"));
    }

    @Test
    void namesHoldWhatScoringFoundTheCatalogNamesInTheTextsAndEveryStoreAndCity() {
        ThemeText theme = new ThemeText(gazetteer, true);
        java.util.Set<String> names = theme.names(List.of(new FeedbackRepository.Doc(
                "e1",
                Instant.EPOCH,
                "social",
                null,
                "why is the Northfield Oat Milk always past its date",
                true,
                List.of("Jane"))));
        assertTrue(
                names.containsAll(java.util.Set.of("Jane", "Northfield Oat Milk", "Lyon Corner", "Lyon")),
                names.toString());
    }
}
