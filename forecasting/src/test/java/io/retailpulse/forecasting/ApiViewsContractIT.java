package io.retailpulse.forecasting;

import io.retailpulse.stack.testing.ApiViewsContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read contract forecasting publishes for analytics-api (issue 16, "contracts, not reach-ins"): after this
 * module's own migrations, every api_* view exists with exactly these columns, in this order, of these types.
 * A migration that renames, drops or retypes one fails here ({@link ApiViewsContract}), in the owner's build,
 * instead of breaking analytics-api silently. Changing the contract: publish api_&lt;name&gt;_v2 beside the old view (see README).
 */
class ApiViewsContractIT extends ApiViewsContract {
    /** View to "column type" in order; types as MariaDB's information_schema.COLUMNS.COLUMN_TYPE spells them. */
    static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put(
                "api_sales_daily",
                List.of(
                        "sale_date date",
                        "store_id varchar(64)",
                        "product_id varchar(64)",
                        "units bigint(20)",
                        "revenue decimal(20,4)",
                        "transactions int(11)"));
        CONTRACT.put(
                "api_forecast",
                List.of(
                        "run_id bigint(20)",
                        "forecast_date date",
                        "store_id varchar(64)",
                        "product_id varchar(64)",
                        "yhat double",
                        "yhat_lower double",
                        "yhat_upper double",
                        "trend double",
                        "weekly double",
                        "yearly double",
                        "holidays double",
                        "components text",
                        "model varchar(32)"));
        CONTRACT.put(
                "api_forecast_run",
                List.of(
                        "run_id bigint(20)",
                        "status varchar(16)",
                        "as_of_date date",
                        "started_at datetime(3)",
                        "finished_at datetime(3)"));
        CONTRACT.put(
                "api_forecast_run_regressor",
                List.of(
                        "run_id bigint(20)",
                        "store_id varchar(64)",
                        "product_id varchar(64)",
                        "regressor varchar(64)",
                        "source varchar(16)",
                        "lag_days int(11)",
                        "future varchar(16)",
                        "known_days int(11)",
                        "backtest_days int(11)",
                        "backtest_with double",
                        "backtest_without double",
                        "helps tinyint(1)",
                        "used tinyint(1)",
                        "note varchar(500)"));
        CONTRACT.put(
                "api_forecast_candidate",
                List.of(
                        "run_id bigint(20)",
                        "store_id varchar(64)",
                        "product_id varchar(64)",
                        "model varchar(32)",
                        "candidate varchar(32)",
                        "backtest varchar(16)",
                        "mase double",
                        "smape double",
                        "chosen tinyint(1)"));
    }

    ApiViewsContractIT() {
        super("flyway_history_forecasting", CONTRACT);
    }
}
