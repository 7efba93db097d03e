package io.retailpulse.analytics.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /dashboard}: the page (its scripts are static files under /dashboard/ and /_static/). It needs no
 * key to load; the page sends the key with every API call it makes.
 */
@Path("/dashboard")
@Tag(name = "dashboard")
public class DashboardResource {
    static final String PAGE = "META-INF/resources/dashboard/index.html";
    /**
     * Everything from this server only: a page that tried a CDN would break here, not silently depend on it.
     * ECharts sets inline styles on its elements, hence 'unsafe-inline' for styles (never for scripts).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";

    private final String page = read();

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(
            summary = "The dashboard page: forecasts with intervals, actuals and components, sentiment, "
                    + "top complaint reasons, live alerts. Open it as /dashboard#key=<API key>.")
    public Response dashboard() {
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Cache-Control", "no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static String read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
