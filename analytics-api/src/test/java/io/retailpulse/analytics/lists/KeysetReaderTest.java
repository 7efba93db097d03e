package io.retailpulse.analytics.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysetReaderTest {

    @Test
    void afterSpellsOutTheKeysetWithEachColumnsDirectionAndBindsEveryValue() {
        Ordering ordering = new Ordering(
                "-units",
                List.of(
                        new SortColumn("units", KeyType.LONG, true),
                        new SortColumn("sale_date", KeyType.DATE, false),
                        new SortColumn("store_id", KeyType.STRING, false)));
        List<Object> params = new ArrayList<>(List.of("filter"));
        String sql = KeysetReader.after(ordering, List.of(5L, "2025-01-01", "S1'--"), params);
        assertEquals(
                "((t.units < ?) OR (t.units = ? AND t.sale_date > ?) "
                        + "OR (t.units = ? AND t.sale_date = ? AND t.store_id > ?))",
                sql);
        assertEquals(List.of("filter", 5L, 5L, "2025-01-01", 5L, "2025-01-01", "S1'--"), params);
        assertEquals("t.units DESC, t.sale_date, t.store_id", ordering.orderBy());
    }

    @Test
    void filtersGoWhereTheTemplateSaysOrAtTheEnd() {
        Sql nested = Sql.select("SELECT a FROM (SELECT a FROM x {where} GROUP BY a) m")
                .filter("a = ?", "v")
                .filter("b = ?", null)
                .where("c > ?", 3);
        assertEquals("SELECT a FROM (SELECT a FROM x  WHERE a = ? AND c > ? GROUP BY a) m", nested.text());
        assertEquals(List.of("v", 3), nested.params());
        Sql plain = Sql.select("SELECT a FROM x").groupBy("a");
        assertEquals("SELECT a FROM x GROUP BY a", plain.text());
        assertEquals(
                "SELECT a FROM (SELECT a FROM x  GROUP BY a) m",
                Sql.select("SELECT a FROM (SELECT a FROM x {where} GROUP BY a) m")
                        .text());
    }
}
