package io.retailpulse.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem ({@code application/problem+json}). {@code errors} carries per-item reasons when a
 * request held several bad items (e.g. CSV rows).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Also written straight to Vert.x responses (ProblemWriter), outside the REST layer's own registration.
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }
}
