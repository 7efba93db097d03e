package io.retailpulse.common.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * problem+json for the errors that never reach a REST resource: no route (404), a route without the method
 * (405), a body over the limit (413), and any failure of a Vert.x route (health, metrics, OpenAPI). Without this
 * Vert.x and Quarkus answer with an empty body, an HTML page, or an exception's class name.
 */
@Singleton
public class ProblemRoutes {
    private static final Logger LOG = Logger.getLogger(ProblemRoutes.class);

    /** After {@link ApiKeyGuard} and before Quarkus' own upload limit (route order -2), which ends with no body. */
    static final int BODY_LIMIT_PRIORITY = 900;

    private final ProblemWriter writer;
    private final long maxBodyBytes;

    public ProblemRoutes(
            ProblemWriter writer,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.writer = writer;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void registerBodyLimit(@Observes Filters filters) {
        filters.register(this::bodyLimit, BODY_LIMIT_PRIORITY);
    }

    /** A declared body over the limit: 413 problem before any of it is read, then the connection is closed. */
    void bodyLimit(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= maxBodyBytes) {
            rc.next();
            return;
        }
        rc.response().endHandler(v -> rc.request().connection().close());
        writer.write(
                rc,
                new Problem(
                        "about:blank",
                        "Content Too Large",
                        413,
                        "The request body (" + declared + " bytes) is larger than the " + maxBodyBytes
                                + " bytes this service accepts.",
                        rc.request().path(),
                        null),
                java.util.Map.of("Connection", "close"));
    }

    void register(@Observes Router router) {
        for (int status = 400; status < 600; status++) {
            router.errorHandler(status, this::answer);
        }
        // First of the failure handlers, ahead of Quarkus' own (which writes class names or an empty body).
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    void answer(RoutingContext rc) {
        if (rc.response().headWritten()) {
            // Too late for a problem body: end what was begun rather than leave the client waiting.
            if (!rc.response().ended() && !rc.response().closed()) {
                rc.response().end();
            }
            return;
        }
        Throwable failure = rc.failure();
        int status = rc.statusCode();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        String method = rc.request().method().name();
        String path = rc.request().path();
        String detail = switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is no resource at " + path + ".";
            case 405 -> method + " is not allowed on " + path + ".";
            case 406 -> "None of the media types in Accept can be produced here.";
            case 413 -> "The request body is larger than this service accepts.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The request's Content-Type is not accepted here.";
            case 431 -> "The request headers are too large.";
            default -> null;
        };
        if (detail == null) {
            if (status >= 500) {
                String id = UUID.randomUUID().toString();
                LOG.errorf(failure, "Error %s on %s %s", id, method, path);
                detail = "The server failed to handle the request (error id " + id + " in its log).";
            } else {
                detail = reason(status) + ".";
            }
        }
        writer.write(rc, new Problem("about:blank", reason(status), status, detail, path, null), Map.of());
    }

    static String reason(int status) {
        return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
