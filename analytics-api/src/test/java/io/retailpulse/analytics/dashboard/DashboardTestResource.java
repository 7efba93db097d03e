package io.retailpulse.analytics.dashboard;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.analytics.api.OwnerSchemas;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.util.HashMap;
import java.util.Map;

/**
 * What the dashboard reads, for real: a fresh MariaDB database with the tables of forecasting and inference
 * created by their owners' own migrations (from their schema jars), and a Kafka broker with the live alert
 * consumer switched on.
 */
public class DashboardTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new MariaDbTestResource().start());
        for (String owner : new String[] {OwnerSchemas.FORECASTING, OwnerSchemas.INFERENCE, OwnerSchemas.INGEST}) {
            OwnerSchemas.migrate(config, owner);
        }
        config.putAll(new KafkaTestResource().start());
        config.put("mp.messaging.incoming.dashboard-alerts.enabled", "true");
        return config;
    }

    @Override
    public void stop() {
        // The database and the broker are discarded with the test JVM.
    }
}
