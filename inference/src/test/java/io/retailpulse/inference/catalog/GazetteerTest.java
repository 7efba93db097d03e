package io.retailpulse.inference.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.EntityMention;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GazetteerTest {
    private Gazetteer gazetteer;

    private static CatalogEvent product(String id, String name, String brand) {
        return new CatalogEvent(
                CatalogEvent.PRODUCT, id, name, null, null, brand, "dairy", BigDecimal.ONE, "import", Instant.EPOCH);
    }

    private static CatalogEvent store(String id, String name, String city) {
        return new CatalogEvent(CatalogEvent.STORE, id, name, city, "North", null, null, null, "import", Instant.EPOCH);
    }

    @BeforeEach
    void setUp() {
        gazetteer = new Gazetteer(5);
        gazetteer.put(product("SKU-0001", "Northfield Oat Milk", "Northfield"));
        gazetteer.put(product("SKU-0002", "Good Harvest Strawberries", "Good Harvest"));
        gazetteer.put(product("SKU-0003", "Good Harvest Butter", "Good Harvest"));
        gazetteer.put(product("SKU-0004", "Blue Fern Oat Milk", "Blue Fern"));
        gazetteer.put(store("S001", "Malmö Market", "Malmö"));
        gazetteer.put(store("S002", "Lyon Express", "Lyon"));
        gazetteer.put(store("S003", "Lyon Outlet", "Lyon"));
    }

    private static EntityMention only(List<EntityMention> found) {
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void findsAFullProductNameWithItsIdAndOffsets() {
        String text = "The Northfield Oat Milk was sour.";
        EntityMention m = only(gazetteer.find(text));
        assertEquals("PRODUCT", m.type());
        assertEquals("SKU-0001", m.key());
        assertEquals("Northfield Oat Milk", text.substring(m.start(), m.end()));
        assertEquals(1.0, m.score());
    }

    @Test
    void ignoresCaseAccentsPunctuationAndPlurals() {
        EntityMention m =
                only(gazetteer.find("bought good-harvest STRAWBERRY at malmo market!!".replace("at malmo market", "")));
        assertEquals("SKU-0002", m.key());
        EntityMention s = only(gazetteer.find("Queue at MALMO-market was long"));
        assertEquals("STORE", s.type());
        assertEquals("S001", s.key());
        assertEquals(
                "SKU-0001",
                only(gazetteer.find("two northfield oat milks please")).key());
    }

    @Test
    void matchesOneLetterTyposInLongWordsOnly() {
        EntityMention m = only(gazetteer.find("my Nortfield Oat Milk leaked"));
        assertEquals("SKU-0001", m.key());
        assertTrue(m.score() < 1.0, "a fuzzy match scores below an exact one");
        assertEquals(
                "SKU-0002",
                only(gazetteer.find("Good Harvest Strawberies were mouldy")).key());
        // "milk" is shorter than 5 letters: "Oat Milc" is no fuzzy match, only the brand (one product) is found
        EntityMention brand = only(gazetteer.find("Blue Fern Oat Milc"));
        assertEquals("Blue Fern", brand.text());
        assertEquals("SKU-0004", brand.key());
    }

    @Test
    void aShortCommonWordNeverBecomesAProductByOneEdit() {
        // "Butter" is a unique short name of SKU-0003, but "better" is one edit away and must not match
        assertTrue(gazetteer.find("this is better than before").isEmpty());
        assertEquals("SKU-0003", only(gazetteer.find("the butter was rancid")).key());
    }

    @Test
    void ambiguousShortNamesAreNotMatchedButUniqueOnesAre() {
        // "oat milk" belongs to two products: no product; "strawberries" to one: that product
        assertTrue(gazetteer.find("oat milk is great").stream().noneMatch(e -> "PRODUCT".equals(e.type())));
        assertEquals(
                "SKU-0002", only(gazetteer.find("the strawberries were fresh")).key());
    }

    @Test
    void aBrandOfOneProductIsThatProductAndASharedBrandIsAnOrganization() {
        assertEquals("SKU-0001", only(gazetteer.find("love Northfield")).key());
        EntityMention brand = only(gazetteer.find("Good Harvest never again"));
        assertEquals("ORGANIZATION", brand.type());
        assertEquals("good harvest", brand.key());
    }

    @Test
    void aCityIsAStoreOnlyWhenOneStoreIsThere() {
        assertEquals("S001", only(gazetteer.find("shopping in Malmo today")).key());
        assertTrue(gazetteer.find("shopping in Lyon today").isEmpty());
        assertEquals("S003", only(gazetteer.find("the Lyon Outlet staff")).key());
    }

    @Test
    void theLongestNameWinsAndUpdatesAndTombstonesApply() {
        EntityMention m = only(gazetteer.find("Blue Fern Oat Milk"));
        assertEquals("SKU-0004", m.key());
        assertEquals(18, m.end());
        gazetteer.put(product("SKU-0004", "Blue Fern Kombucha", "Blue Fern"));
        assertEquals(
                "SKU-0004",
                only(gazetteer.find("the blue fern kombucha fizzed")).key());
        gazetteer.remove("product:SKU-0004");
        assertTrue(gazetteer.find("the blue fern kombucha fizzed").isEmpty());
    }

    @Test
    void oneEditCoversSubstitutionInsertionDeletionAndSwap() {
        assertTrue(CatalogText.withinOneEdit("harvest", "harvast"));
        assertTrue(CatalogText.withinOneEdit("harvest", "harvests"));
        assertTrue(CatalogText.withinOneEdit("harvest", "harvet"));
        assertTrue(CatalogText.withinOneEdit("harvest", "havrest"));
        assertTrue(!CatalogText.withinOneEdit("harvest", "havrets"));
        assertEquals("strawberry", CatalogText.normalise("Strawberries"));
        assertEquals("malmo", CatalogText.normalise("Malmö"));
        assertEquals("glass", CatalogText.normalise("glasses"));
    }
}
