package io.retailpulse.stack;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/** Prints where everything runs and how to call it, after {@code up} and {@code demo}. */
final class StackReport {
    private static final Logger LOG = Logger.getLogger(StackReport.class);

    private StackReport() {}

    static void print(LocalStack stack) {
        StackConfig config = stack.config();
        LOG.info("");
        for (String service : config.servicePorts().keySet()) {
            String uri = stack.serviceUri(service).toString();
            LOG.infof("  %-14s %s   (Swagger UI %s/q/swagger-ui)", service, uri, uri);
            List<URI> more = stack.serviceUris(service);
            for (int k = 1; k < more.size(); k++) {
                LOG.infof("  %-14s %s", StackConfig.component(service, k), more.get(k));
            }
        }
        if (config.servicePorts().containsKey("analytics-api")) {
            LOG.infof("  %-14s %s", "Dashboard", dashboardUrl(stack, ""));
        }
        LOG.infof("  %-14s %s", "Kafka", stack.kafkaBootstrap());
        String credentials = config.externalDbUrl().isPresent()
                ? "user " + stack.dbUser()
                : "user " + stack.dbUser() + ", password in "
                        + relative(config, config.stateDir().resolve("db-password"));
        LOG.infof("  %-14s %s (%s)", "MariaDB", stack.dbUrl(), credentials);
        LOG.infof("  %-14s %s   (send it as 'Authorization: Bearer <key>')", "API key", stack.apiKey());
        LOG.infof("  %-14s %s", "Logs", relative(config, config.logDir()) + "/");
        LOG.info("");
    }

    /** The dashboard with the key in the fragment, which the browser keeps to itself (never sent to the server). */
    static String dashboardUrl(LocalStack stack, String moreFragment) {
        return stack.serviceUri("analytics-api") + "/dashboard#key="
                + URLEncoder.encode(stack.apiKey(), StandardCharsets.UTF_8) + moreFragment;
    }

    static String relative(StackConfig config, Path path) {
        return path.startsWith(config.home()) ? config.home().relativize(path).toString() : path.toString();
    }
}
