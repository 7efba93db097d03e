package io.retailpulse.stack;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** {@code ./pulse status}: for each component, its PID, whether it runs, its port and its health. */
final class StatusCommand {
    private static final Logger LOG = Logger.getLogger(StatusCommand.class);
    private static final String ROW = "%-16s %-8s %-9s %-6s %s";

    private StatusCommand() {}

    /** Returns true when every component runs and is healthy. */
    static boolean run(StackConfig config) {
        PidRegistry pids = new PidRegistry(config.pidDir());
        List<Boolean> healthy = new ArrayList<>();
        LOG.infof(ROW, "COMPONENT", "PID", "STATE", "PORT", "HEALTH");
        if (config.externalKafka().isPresent()) {
            LOG.infof(
                    ROW,
                    LocalStack.KAFKA,
                    "-",
                    "external",
                    "-",
                    config.externalKafka().get());
        } else {
            healthy.add(row(
                    pids,
                    LocalStack.KAFKA,
                    config.kafkaPort(),
                    port -> FreePorts.isListening(port) ? "listening" : "not listening"));
        }
        if (config.externalDbUrl().isPresent()) {
            LOG.infof(
                    ROW,
                    LocalStack.MARIADB,
                    "-",
                    "external",
                    "-",
                    config.externalDbUrl().get());
        } else {
            healthy.add(row(
                    pids,
                    LocalStack.MARIADB,
                    config.dbPort(),
                    port -> FreePorts.isListening(port) ? "listening" : "not listening"));
        }
        // One row per instance: instance 0 always, instances 1.. as far as the last up recorded them.
        int replicas = LocalStack.recordedReplicas(config);
        for (String service : config.servicePorts().keySet()) {
            for (int k = 0; k < replicas; k++) {
                String component = StackConfig.component(service, k);
                if (k > 0 && pids.find(component).isEmpty()) {
                    continue; // scaled down, or that service never had this many instances
                }
                healthy.add(row(
                        pids,
                        component,
                        config.servicePort(service, k),
                        port -> HealthCheck.probe(URI.create("http://127.0.0.1:" + port))
                                .describe()));
            }
        }
        return healthy.stream().allMatch(Boolean::booleanValue);
    }

    private static boolean row(
            PidRegistry pids, String component, int defaultPort, java.util.function.IntFunction<String> health) {
        Optional<PidFile> recorded = pids.find(component);
        boolean running = recorded.flatMap(PidFile::liveProcess).isPresent();
        int port = recorded.map(PidFile::port).orElse(defaultPort);
        String pid = recorded.map(p -> Long.toString(p.pid())).orElse("-");
        String state = running ? "running" : recorded.isPresent() ? "dead" : "stopped";
        String check = running ? health.apply(port) : "-";
        LOG.infof(ROW, component, pid, state, port, check);
        return running && (check.equals("ready") || check.equals("listening"));
    }
}
