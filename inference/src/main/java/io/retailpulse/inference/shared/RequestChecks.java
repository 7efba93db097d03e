package io.retailpulse.inference.shared;

import io.retailpulse.common.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bean Validation of request bodies, answered as the problem+json 400 every other bad request gets: the detail
 * is the property path and the constraint's message ("documents[3].id is missing"). Checked here rather than by
 * {@code @Valid} on the parameter so that the answer is common's problem mapping with one deterministic detail
 * (the first violation in field order) instead of the framework's violation report.
 */
@ApplicationScoped
public class RequestChecks {
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final Validator validator;

    public RequestChecks(Validator validator) {
        this.validator = validator;
    }

    /** {@code request}, or a 400 naming its first violation. */
    public <T> T valid(T request) {
        validator.validate(request).stream()
                .min(Comparator.comparing(RequestChecks::order))
                .ifPresent(v -> {
                    String path = path(v);
                    throw ProblemException.badRequest(path.isEmpty() ? v.getMessage() : path + " " + v.getMessage());
                });
        return request;
    }

    /** As a JSON reader would name it: {@code documents[3].id}, {@code documents[3]} for the element itself. */
    static String path(ConstraintViolation<?> v) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.isInIterable()) {
                out.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return out.toString();
    }

    /** The path with zero-padded indices, so that documents[2] comes before documents[10]. */
    private static String order(ConstraintViolation<?> v) {
        Matcher m = INDEX.matcher(path(v));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out, "[" + "0".repeat(Math.max(0, 10 - m.group(1).length())) + m.group(1) + "]");
        }
        return m.appendTail(out).toString();
    }
}
