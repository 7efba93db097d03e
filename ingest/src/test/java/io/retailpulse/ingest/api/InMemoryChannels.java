package io.retailpulse.ingest.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.util.HashMap;
import java.util.Map;

/** Fast tests: ingest's outgoing channels go to in-memory sinks instead of a broker. */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> props = new HashMap<>();
        props.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("transactions-out", "transactions-dlq"));
        return props;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
