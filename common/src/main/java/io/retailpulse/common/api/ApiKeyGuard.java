package io.retailpulse.common.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Guards {@code /api/**} (and, when protected, {@code /q/metrics}, {@code /q/openapi}, {@code /q/swagger-ui}):
 * the key comes as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Health probes stay open.
 * A Vert.x filter rather than a REST filter so that it sees every route (metrics and OpenAPI are not REST
 * resources) and answers before any body is read; it runs on the event loop and never blocks.
 */
@Singleton
public class ApiKeyGuard {
    private static final Logger LOG = Logger.getLogger(ApiKeyGuard.class);
    /** Before the other filters (higher runs first), so that nothing is done for an unauthenticated request. */
    static final int PRIORITY = 1_000;

    private final ApiKeyCheck check;
    private final ProblemWriter writer;

    ApiKeyGuard(
            ApiKeyConfig config,
            ProblemWriter writer,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        boolean protect = switch (config.operability()) {
            case OPEN -> false;
            case KEY -> true;
            case AUTO -> !loopbackOnly(host);
        };
        this.check = new ApiKeyCheck(config.key(), protect, config.authFailures(), System::nanoTime);
        this.writer = writer;
        LOG.infof(
                "/q/metrics, /q/openapi and /q/swagger-ui %s (pulse.api.operability=%s, listening on %s)",
                protect ? "need the API key" : "are open",
                config.operability().name().toLowerCase(),
                host);
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    void filter(RoutingContext rc) {
        var request = rc.request();
        ApiKeyCheck.Rejection rejection = check.check(
                request.method().name(),
                rc.normalizedPath(),
                address(request.remoteAddress()),
                request.getHeader(ApiKeyCheck.HEADER),
                request.getHeader(HttpHeaders.AUTHORIZATION));
        if (rejection == null) {
            rc.next();
            return;
        }
        Map<String, String> headers = rejection.status() == 429
                ? Map.of("Retry-After", Long.toString(rejection.retryAfterSeconds()))
                : Map.of("WWW-Authenticate", "Bearer realm=\"retail-pulse\"");
        writer.write(rc, rejection.problem(request.path()), headers);
    }

    private static String address(SocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.toString();
    }

    /** Whether the service can be reached from this machine only (then the operability endpoints may be open). */
    static boolean loopbackOnly(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
