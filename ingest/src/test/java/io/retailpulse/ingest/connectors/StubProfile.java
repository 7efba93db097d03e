package io.retailpulse.ingest.connectors;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.retailpulse.stack.FreePorts;
import java.util.Map;

/**
 * Points both connectors at the local {@link StreamStub} and shrinks every timing. The stub's port is chosen
 * here and kept in a system property, so the test (another class loader) binds the same one.
 */
public class StubProfile implements QuarkusTestProfile {
    static final String X_TOKEN = "x-secret-bearer-4711";
    static final String MASTODON_TOKEN = "m-secret-token-0815";
    private static final String PORT = "retailpulse.test.connector-stub-port";

    static synchronized int port() {
        String p = System.getProperty(PORT);
        if (p == null) {
            p = Integer.toString(FreePorts.find());
            System.setProperty(PORT, p);
        }
        return Integer.parseInt(p);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String url = "http://127.0.0.1:" + port();
        return Map.ofEntries(
                Map.entry("pulse.x.bearer-token", X_TOKEN),
                Map.entry("pulse.x.api-url", url),
                Map.entry("pulse.x.rules", "keep me;coffee lang:en"),
                Map.entry("pulse.mastodon.url", url),
                Map.entry("pulse.mastodon.hashtags", "coffee,tea"),
                Map.entry("pulse.mastodon.token", MASTODON_TOKEN),
                Map.entry("pulse.connectors.stall-timeout", "1500ms"),
                Map.entry("pulse.connectors.network-step", "50ms"),
                Map.entry("pulse.connectors.network-max", "300ms"),
                Map.entry("pulse.connectors.http-initial", "200ms"),
                Map.entry("pulse.connectors.http-max", "1s"),
                Map.entry("pulse.connectors.rate-limit-initial", "100ms"),
                Map.entry("pulse.connectors.rate-limit-max", "10s"),
                Map.entry("pulse.connectors.batch-delay", "50ms"),
                Map.entry("quarkus.log.category.\"io.retailpulse.ingest.connectors\".level", "DEBUG"));
    }
}
