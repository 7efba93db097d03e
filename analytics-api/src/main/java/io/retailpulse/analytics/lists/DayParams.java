package io.retailpulse.analytics.lists;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The {@code from} and {@code to} query parameters of a list, nested in its query with {@code @BeanParam}. Which
 * day a row has (UTC day written, sale day, forecast day, ...) is said by each endpoint's description.
 */
public class DayParams {
    @QueryParam("from")
    @Parameter(description = "First day, inclusive (yyyy-MM-dd)")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Last day, inclusive (yyyy-MM-dd)")
    public String to;

    /** Parsed and checked: 400 when malformed or when from is after to. */
    public Days days() {
        return Days.of(from, to);
    }
}
