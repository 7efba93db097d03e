package io.retailpulse.stack;

import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/** {@code ./pulse down}: stop exactly the processes {@code up} recorded, services first; the data stays. */
final class DownCommand {
    private static final Logger LOG = Logger.getLogger(DownCommand.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private DownCommand() {}

    static void run(StackConfig config) {
        // Every recorded instance of every service (forecasting, forecasting-1, ...), plus instance 0 of each.
        java.util.Set<String> services =
                new java.util.TreeSet<>(config.servicePorts().keySet());
        services.addAll(LocalStack.recordedServiceInstances(config));
        List<String> stopped = new PidRegistry(config.pidDir())
                .stop(List.of(List.copyOf(services), List.of(LocalStack.KAFKA), List.of(LocalStack.MARIADB)), GRACE);
        if (stopped.isEmpty()) {
            LOG.info("Nothing to stop: Retail Pulse is not running.");
        } else {
            LOG.infof(
                    "Stopped %s. The data stays in %s/.",
                    String.join(", ", stopped), StackReport.relative(config, config.stateDir()));
        }
    }
}
