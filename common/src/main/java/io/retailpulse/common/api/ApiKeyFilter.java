package io.retailpulse.common.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api/**}: the key comes as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}.
 * Health, metrics and OpenAPI stay open so that probes and scrapers need no secret.
 */
public class ApiKeyFilter {
    static final String HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    public ApiKeyFilter(ApiKeyConfig config) {
        this.expected = config.key().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return null;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            return unauthorized("Missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        }
        // Constant-time comparison so the key cannot be guessed byte by byte from response times.
        if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return unauthorized("Invalid API key.");
        }
        return null;
    }

    private static String presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    private static Response unauthorized(String detail) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"retail-pulse\"")
                .entity(Problem.of(401, "Unauthorized", detail))
                .build();
    }
}
