package io.retailpulse.common.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Adds {@link MigrationLock} to the default data source's Flyway, so replicas that start together migrate in turn. */
@Singleton
public class SerialMigrations implements FlywayConfigurationCustomizer {
    static final int WAIT_SECONDS = 120;

    @Override
    public void customize(FluentConfiguration configuration) {
        Callback[] callbacks = Arrays.copyOf(configuration.getCallbacks(), configuration.getCallbacks().length + 1);
        callbacks[callbacks.length - 1] = new MigrationLock(WAIT_SECONDS);
        configuration.callbacks(callbacks);
    }
}
