package io.retailpulse.forecasting.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's forecast cron ({@code pulse.forecasting.schedule.cron}, the key and its meaning unchanged) is a
 * job of the clustered Quartz JDBC store: its cron trigger is stored in forecasting's FC_QRTZ_ tables, where every
 * replica's scheduler finds it, and this instance checked in to the cluster. {@code ForecastCronClusterIT} shows
 * two schedulers on such a store run each fire time once.
 */
@QuarkusTest
@TestProfile(ForecastScheduleQuartzIT.NightlyCron.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class ForecastScheduleQuartzIT {
    static final String CRON = "0 30 2 * * ?";

    public static class NightlyCron implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulse.forecasting.schedule.cron", CRON);
        }
    }

    @Test
    void theForecastCronIsStoredInTheClusteredQuartzJobStore() throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT t.CRON_EXPRESSION FROM FC_QRTZ_CRON_TRIGGERS t WHERE t.TRIGGER_NAME = 'daily-forecast-run'");
                ResultSet r = s.executeQuery()) {
            assertTrue(r.next(), "the daily-forecast-run trigger is in FC_QRTZ_CRON_TRIGGERS");
            assertEquals(CRON, r.getString(1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = MariaDbTestResource.connection();
                    PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM FC_QRTZ_SCHEDULER_STATE");
                    ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1) == 1;
            }
        });
    }
}
