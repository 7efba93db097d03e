package io.retailpulse.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every error of every service leaves as {@code application/problem+json} with a readable detail. A detail never
 * names an internal class: an outage of a dependency is a 503 with a plain message and {@code Retry-After}, and
 * anything else unexpected a 500 whose detail gives an error id to find in the log.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /**
     * In a detail, "org.example.FooException: " prefixes go and any other qualified class name keeps only its
     * (innermost) simple name.
     */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile(
            "\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error|Throwable): ");
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(?:[a-z_][a-z0-9_]*\\.){2,}(?:[A-Z][A-Za-z0-9_]*\\$)*([A-Z][A-Za-z0-9_]*)");

    @Inject
    DatabaseConfig database;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.toProblem(uri.getPath()));
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().add(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response;
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        String detail = "Malformed JSON body: " + e.getOriginalMessage();
        return respond(new Problem("about:blank", "Bad Request", 400, detail, uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
        return respond(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail,
                uri.getPath(), null));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        Optional<String> outage = Outages.detail(e);
        if (outage.isPresent()) {
            // Expected while MySQL (or Kafka) is down or frozen: one line, no stack trace per request.
            LOG.warnf("503 on %s: %s", uri.getPath(), e.toString());
            return unavailable(outage.get(), uri.getPath(), retryAfterSeconds(database));
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error %s on %s", errorId, uri.getPath());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "The server failed to handle the request; its log has the cause under error id " + errorId + ".",
                uri.getPath(), null));
    }

    static Response unavailable(String detail, String path, long retryAfterSeconds) {
        Response response = respond(new Problem("about:blank", "Service Unavailable", 503, detail, path, null));
        response.getHeaders().add(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        return response;
    }

    static long retryAfterSeconds(DatabaseConfig config) {
        return config == null ? 5 : Math.max(1, config.retryAfter().toSeconds());
    }

    static Response respond(Problem problem) {
        Problem plain = new Problem(problem.type(), problem.title(), problem.status(), plain(problem.detail()),
                problem.instance(), problem.errors());
        return Response.status(plain.status()).type(Problem.MEDIA_TYPE).entity(plain).build();
    }

    /** A detail without internal class names (they come from exception messages, e.g. Jackson's or Kafka's). */
    static String plain(String detail) {
        if (detail == null) {
            return null;
        }
        String withoutPrefixes = EXCEPTION_PREFIX.matcher(detail).replaceAll("");
        return QUALIFIED.matcher(withoutPrefixes).replaceAll("$1");
    }
}
