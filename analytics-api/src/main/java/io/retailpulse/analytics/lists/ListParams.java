package io.retailpulse.analytics.lists;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Paging and sorting parameters every list takes (as text: malformed values are a 400 with the reason). */
public class ListParams {
    @QueryParam("limit")
    @Parameter(
            description = "JSON: rows per page, 1..1000 (default 100). CSV: optional cap on the rows exported "
                    + "(default: every matching row, streamed).")
    public String limit;

    @QueryParam("cursor")
    @Parameter(
            description = "The 'next' value of the previous page (opaque; only valid with the same sort). "
                    + "CSV exports start after it too.")
    public String cursor;

    @QueryParam("sort")
    @Parameter(
            description = "Sort keys, comma-separated (at most 3), '-' prefix for descending, e.g. -date. "
                    + "Each endpoint lists its keys; the row's unique key always breaks ties.")
    public String sort;
}
