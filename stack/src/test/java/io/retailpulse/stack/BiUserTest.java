package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BiUserTest {

    @Test
    void theScriptRevokesEverythingThenGrantsSelectOnTheEightViewsOnly() {
        List<String> statements = BiUser.statements();
        assertEquals(11, statements.size(), statements.toString());
        assertTrue(statements.get(0).startsWith("CREATE USER IF NOT EXISTS 'pulse_bi'@'%'"));
        assertEquals("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'pulse_bi'@'%'", statements.get(2));
        List<String> grants = statements.subList(3, 11);
        for (String view : List.of(
                "bi_daily_sales",
                "bi_forecast_vs_actual",
                "bi_sentiment_daily",
                "bi_entity_sentiment",
                "bi_top_reasons",
                "bi_alerts",
                "bi_signal_daily",
                "bi_forecast_candidate")) {
            assertTrue(grants.contains("GRANT SELECT ON `${database}`.`" + view + "` TO 'pulse_bi'@'%'"), view);
        }
    }

    @Test
    void refusesNamesAndPasswordsThatCouldEscapeTheSqlText() {
        assertThrows(IllegalArgumentException.class, () -> BiUser.apply(null, "retailpulse", "x' OR '1"));
        assertThrows(IllegalArgumentException.class, () -> BiUser.apply(null, "db`; DROP", "secret"));
    }
}
