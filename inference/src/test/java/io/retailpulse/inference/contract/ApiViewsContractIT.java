package io.retailpulse.inference.contract;

import io.retailpulse.stack.testing.ApiViewsContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read contract inference publishes for analytics-api (issue 16, "contracts, not reach-ins"): after this
 * module's own migrations, every api_* view exists with exactly these columns, in this order, of these types.
 * A migration that renames, drops or retypes one fails here ({@link ApiViewsContract}), in the owner's build,
 * instead of breaking analytics-api silently. Changing the contract: publish api_&lt;name&gt;_v2 beside the old view (see README).
 */
class ApiViewsContractIT extends ApiViewsContract {
    /** View to "column type" in order; types as MariaDB's information_schema.COLUMNS.COLUMN_TYPE spells them. */
    static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put(
                "api_text_sentiment",
                List.of(
                        "event_id varchar(64)",
                        "ts datetime(3)",
                        "day date",
                        "source varchar(64)",
                        "user_id varchar(128)",
                        "product_id varchar(128)",
                        "store_id varchar(128)",
                        "text text",
                        "label varchar(16)",
                        "score double",
                        "p_negative double",
                        "p_neutral double",
                        "p_positive double",
                        "sentiment double",
                        "model varchar(64)",
                        "model_version varchar(32)",
                        "scored_at datetime(3)"));
        CONTRACT.put(
                "api_entity_mention",
                List.of(
                        "event_id varchar(64)",
                        "mention_no int(11)",
                        "day date",
                        "entity_type varchar(16)",
                        "entity_key varchar(255)",
                        "entity_text varchar(255)"));
        CONTRACT.put(
                "api_topic_run",
                List.of("run_id bigint(20)", "status varchar(16)", "window_from datetime(3)", "window_to datetime(3)"));
        CONTRACT.put(
                "api_topic_reason",
                List.of(
                        "run_id bigint(20)",
                        "rank_no int(11)",
                        "topic_id bigint(20)",
                        "label varchar(255)",
                        "unhappy int(11)",
                        "share double"));
        CONTRACT.put(
                "api_topic_run_topic",
                List.of(
                        "run_id bigint(20)",
                        "topic_id bigint(20)",
                        "label varchar(255)",
                        "keywords varchar(2000)",
                        "size int(11)"));
        CONTRACT.put(
                "api_topic_alert",
                List.of(
                        "alert_id varchar(36)",
                        "event_id varchar(64)",
                        "run_id bigint(20)",
                        "topic_id bigint(20)",
                        "topic_label varchar(255)",
                        "similarity double",
                        "source varchar(64)",
                        "user_id varchar(128)",
                        "text text",
                        "ts datetime(3)",
                        "raised_at datetime(3)",
                        "webhook varchar(16)"));
        CONTRACT.put(
                "api_model_version",
                List.of(
                        "name varchar(64)",
                        "version varchar(32)",
                        "task varchar(32)",
                        "status varchar(16)",
                        "metrics text",
                        "training_data varchar(1000)",
                        "trained_at datetime(3)",
                        "registered_at datetime(3)",
                        "activated_at datetime(3)"));
    }

    ApiViewsContractIT() {
        super("flyway_history_inference", CONTRACT);
    }
}
