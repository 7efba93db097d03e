package io.retailpulse.ingest.contract;

import io.retailpulse.stack.testing.ApiViewsContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read contract ingest publishes for analytics-api ({@code GET /api/v1/signals}), as forecasting and inference
 * pin theirs: after this module's own migrations, every api_* view exists with exactly these columns, in this order,
 * of these types. A migration that renames, drops or retypes one fails here ({@link ApiViewsContract}), in ingest's
 * build, instead of breaking analytics-api silently. Changing the contract: publish api_&lt;name&gt;_v2 beside the
 * old view.
 */
class ApiViewsContractIT extends ApiViewsContract {
    /** View to "column type" in order; types as MariaDB's information_schema.COLUMNS.COLUMN_TYPE spells them. */
    static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put(
                "api_signal_daily",
                List.of(
                        "name varchar(128)",
                        "date date",
                        "value double",
                        "source varchar(64)",
                        "updated_at datetime(6)"));
    }

    ApiViewsContractIT() {
        super("flyway_history_ingest", CONTRACT);
    }
}
