package io.retailpulse.ingest.platform;

import io.retailpulse.common.api.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request that breaks a Bean Validation constraint is a 400 problem whose detail is the constraint's message,
 * as the hand-written checks before it answered: one reason, not a list. When several constraints fail, the
 * one on the earliest field of the request record is reported (the order the old checks ran in), so the answer
 * does not depend on the validator's set order. Mapping {@link ConstraintViolationException} (more specific than
 * Quarkus's own {@code ValidationException} mapper, which answers a JSON violation report) keeps every error
 * problem+json.
 */
public class ConstraintProblems {
    @ServerExceptionMapper
    public Response violated(ConstraintViolationException e, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .min(Comparator.comparingInt(ConstraintProblems::position)
                        .thenComparing(v -> String.valueOf(v.getMessage())))
                .map(ConstraintViolation::getMessage)
                .orElse("The request is invalid.");
        return Response.status(400)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Bad Request", 400, detail, uri.getPath(), null))
                .build();
    }

    /** Index of the violated component in its record, so violations sort in declaration order. */
    static int position(ConstraintViolation<?> violation) {
        Object bean = violation.getLeafBean();
        String property = null;
        for (Path.Node node : violation.getPropertyPath()) {
            property = node.getName();
        }
        if (bean == null || !bean.getClass().isRecord() || property == null) {
            return Integer.MAX_VALUE;
        }
        List<String> names = Arrays.stream(bean.getClass().getRecordComponents())
                .map(c -> c.getName())
                .toList();
        int index = names.indexOf(property);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
