-- Owner: forecasting. Forecast runs spread over the forecasting replicas through Kafka (issue 18): a run's plan
-- (every store-product it covers) and each pair's completion, so that a run resumes after a crash or a rebalance
-- and finishes when no pair is pending; the model that produced each forecast (issue 17).

-- One row per store-product of a run, written when the run is planned (outcome null = pending). A replica that
-- finishes a pair sets outcome, model, worker and done_at in the same transaction as the pair's forecast rows, only
-- while the outcome is still null: a pair is done once, by one replica, whatever Kafka redelivers.
CREATE TABLE forecast_run_pair (
    run_id      BIGINT        NOT NULL,
    store_id    VARCHAR(64)   NOT NULL,
    product_id  VARCHAR(64)   NOT NULL,
    outcome     VARCHAR(16)   NULL COMMENT 'null while pending; FORECAST, SKIPPED (too little history), FAILED',
    model       VARCHAR(32)   NULL COMMENT 'the model that produced the forecast: prophet, or what auto chose',
    worker      VARCHAR(128)  NULL COMMENT 'the replica that finished the pair (host-pid)',
    done_at     DATETIME(3)   NULL,
    PRIMARY KEY (run_id, store_id, product_id),
    KEY ix_forecast_run_pair_pending (run_id, outcome)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

ALTER TABLE forecast_run
    ADD COLUMN model        VARCHAR(16) NULL COMMENT 'the engine of the run (pulse.forecasting.runs.model)',
    ADD COLUMN planned_at   DATETIME(3) NULL COMMENT 'every pair is in forecast_run_pair',
    ADD COLUMN published_at DATETIME(3) NULL COMMENT 'every pending pair is on forecasting.work';

-- The statistical families have no Prophet trend component; their rows say which model made them.
ALTER TABLE forecast
    MODIFY trend DOUBLE NULL COMMENT 'components on the fitted scale (log1p when the transform is on); null for models without a trend component',
    ADD COLUMN model VARCHAR(32) NULL COMMENT 'the model that produced this forecast (null for runs before V5)';

-- api_forecast v1 gains a column at its end (compatible: every existing column keeps its name, type and place).
CREATE OR REPLACE ALGORITHM = MERGE VIEW api_forecast AS
SELECT f.run_id        AS run_id,
       f.forecast_date AS forecast_date,
       f.store_id      AS store_id,
       f.product_id    AS product_id,
       f.yhat          AS yhat,
       f.yhat_lower    AS yhat_lower,
       f.yhat_upper    AS yhat_upper,
       f.trend         AS trend,
       f.weekly        AS weekly,
       f.yearly        AS yearly,
       f.holidays      AS holidays,
       f.components    AS components,
       f.model         AS model
FROM forecast f;
