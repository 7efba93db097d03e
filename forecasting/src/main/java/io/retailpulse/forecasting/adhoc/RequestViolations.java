package io.retailpulse.forecasting.adhoc;

import io.retailpulse.common.api.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request Bean Validation refused is a 400 problem whose detail is the constraints' messages (which say what is
 * wrong in the request's own words), not Quarkus' default violation report: every error here is problem+json.
 */
public class RequestViolations {

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .map(ConstraintViolation::getMessage)
                .sorted()
                .distinct()
                .collect(Collectors.joining("; "));
        return Response.status(400)
                .type(io.retailpulse.common.api.Problem.MEDIA_TYPE)
                .entity(ProblemException.badRequest(detail).toProblem(uri.getPath()))
                .build();
    }
}
