package io.retailpulse.common.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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
    private static final Pattern EXCEPTION_PREFIX =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error|Throwable): ");

    private static final Pattern QUALIFIED =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}(?:[A-Z][A-Za-z0-9_]*\\$)*([A-Z][A-Za-z0-9_]*)");

    /** Jackson names Java types in backquotes ({@code `java.lang.Integer`}); clients are told JSON types instead. */
    private static final Pattern JAVA_TYPE = Pattern.compile("`[^`]*`");
    /** JAX-RS' own messages ("HTTP 415 Unsupported Media Type") say no more than the status line. */
    private static final Pattern BARE_STATUS = Pattern.compile("HTTP \\d{3}( .*)?");

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
        return respond(new Problem("about:blank", "Bad Request", 400, jsonDetail(e), uri.getPath(), null));
    }

    /**
     * Wrong types and trailing content: Quarkus' own mapper for these answers 400 with an empty body, and it
     * wins over {@link #badJson} by being closer in the class hierarchy, hence this one.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonMappingException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // The JSON reader wraps syntax errors in a bare 400: say where the JSON is broken instead.
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json, uri);
        }
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String detail = e.getMessage();
        if (detail == null || BARE_STATUS.matcher(detail).matches()) {
            detail = frameworkDetail(e, status.getStatusCode(), uri.getPath());
        }
        Response response = respond(new Problem(
                "about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, uri.getPath(), null));
        // Keep what the framework said in headers (Allow on a 405, Retry-After, WWW-Authenticate).
        for (String name : new String[] {HttpHeaders.ALLOW, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE}) {
            Object value = original.getHeaders().getFirst(name);
            if (value != null) {
                response.getHeaders().putSingle(name, value);
            }
        }
        return response;
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
        return respond(new Problem(
                "about:blank",
                "Internal Server Error",
                500,
                "The server failed to handle the request; its log has the cause under error id " + errorId + ".",
                uri.getPath(),
                null));
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
        Problem plain = new Problem(
                problem.type(),
                problem.title(),
                problem.status(),
                plain(problem.detail()),
                problem.instance(),
                problem.errors());
        return Response.status(plain.status())
                .type(Problem.MEDIA_TYPE)
                .entity(plain)
                .build();
    }

    /** A detail without internal class names (they come from exception messages, e.g. Jackson's or Kafka's). */
    static String plain(String detail) {
        if (detail == null) {
            return null;
        }
        String withoutPrefixes = EXCEPTION_PREFIX.matcher(detail).replaceAll("");
        return QUALIFIED.matcher(withoutPrefixes).replaceAll("$1");
    }

    private static String frameworkDetail(WebApplicationException e, int status, String path) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is no resource at " + path + ".";
            case 405 -> {
                var allowed = e instanceof NotAllowedException ? e.getResponse().getAllowedMethods() : null;
                yield "This method is not allowed on " + path
                        + (allowed == null || allowed.isEmpty()
                                ? "."
                                : "; allowed: " + String.join(", ", allowed) + ".");
            }
            case 406 -> "None of the media types in Accept can be produced here.";
            case 413 -> "The request body is larger than this service accepts.";
            case 415 ->
                "The request's Content-Type is not accepted here (JSON endpoints take application/json, "
                        + "CSV uploads text/csv).";
            default ->
                Response.Status.fromStatusCode(status) == null
                        ? "HTTP " + status
                        : Response.Status.fromStatusCode(status).getReasonPhrase() + ".";
        };
    }

    /** Where and how the JSON is wrong, in JSON terms: line and column, the field, the kind of value expected. */
    static String jsonDetail(JsonProcessingException e) {
        String at = location(e.getLocation());
        if (e instanceof StreamReadException) {
            return "Malformed JSON" + at + ": " + e.getOriginalMessage();
        }
        // Syntax errors met while binding come wrapped with the field path; the syntax is what to report.
        if (e.getCause() instanceof StreamReadException syntax) {
            String where = syntax.getLocation() != null ? location(syntax.getLocation()) : at;
            return "Malformed JSON" + where + ": " + syntax.getOriginalMessage();
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'" + at + ".";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = fieldPath(mismatch);
            String message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("Trailing token")) {
                return "Malformed JSON" + at + ": unexpected content after the JSON value.";
            }
            if (message.startsWith("No content to map")) {
                return "The request body is empty; a JSON value is expected.";
            }
            String expected = expectation(mismatch.getTargetType());
            if (e instanceof InvalidFormatException invalid && invalid.getValue() != null) {
                return "Wrong value " + quoted(invalid.getValue()) + (field.isEmpty() ? "" : " for '" + field + "'")
                        + at + (expected == null ? "." : ": expected " + expected + ".");
            }
            return "Wrong type" + (field.isEmpty() ? "" : " for '" + field + "'") + at
                    + (expected == null ? "." : ": expected " + expected + ".");
        }
        String field = e instanceof JsonMappingException m ? fieldPath(m) : "";
        return "Invalid JSON value" + (field.isEmpty() ? "" : " for '" + field + "'") + at + ": "
                + JAVA_TYPE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("value");
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** {@code items[2].ts} from Jackson's reference path. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expectation(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class
                || type == long.class
                || type == short.class
                || type == byte.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == Byte.class
                || type == BigInteger.class) {
            return "a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type == BigDecimal.class) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date or date-time string";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            StringBuilder names = new StringBuilder();
            for (Object c : constants) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append(c.toString().toLowerCase());
            }
            return "one of " + names;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)
                || type.isRecord()
                || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return null;
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 100 ? text.substring(0, 100) + "…" : text) + "'";
    }
}
