-- Owner: forecasting. Regressors in forecast runs (issue 19 item 3): the regressors a run was asked for, and per
-- store-product the rolling-origin backtest error of the run's model without and with each regressor.

ALTER TABLE forecast_run
    ADD COLUMN regressors TEXT NULL COMMENT 'the run''s regressors as JSON (runs/RunRegressor); null: none';

-- One row per forecast pair of a run and regressor, written by the replica that fits the pair (INSERT IGNORE on the
-- primary key: a redelivered work item writes nothing twice). A pair whose regressor had no values, or whose series
-- was too short for the backtest, has no errors and says why in note (it was forecast without the regressor).
CREATE TABLE forecast_run_regressor (
    run_id           BIGINT       NOT NULL,
    store_id         VARCHAR(64)  NOT NULL,
    product_id       VARCHAR(64)  NOT NULL,
    regressor        VARCHAR(64)  NOT NULL,
    source           VARCHAR(16)  NOT NULL COMMENT 'signal, sentiment, negative_share, complaints',
    lag_days         INT          NOT NULL,
    future           VARCHAR(16)  NOT NULL COMMENT 'forecast or hold: days without a known value',
    known_days       INT          NOT NULL COMMENT 'days of the pair''s history with a value',
    backtest_days    INT          NOT NULL COMMENT 'days scored after each backtest origin: the regressor''s reach (lag or known future), else the horizon; 0 without a backtest',
    backtest_with    DOUBLE       NULL COMMENT 'mean MASE over the rolling folds, with this regressor alone',
    backtest_without DOUBLE       NULL COMMENT 'the same folds without any regressor',
    helps            BOOLEAN      NULL COMMENT 'backtest_with < backtest_without',
    used             BOOLEAN      NOT NULL COMMENT 'the stored forecast uses it (the set of lowest backtest error)',
    note             VARCHAR(500) NULL COMMENT 'why the pair was forecast without it (fallback)',
    PRIMARY KEY (run_id, store_id, product_id, regressor)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Read contract for analytics-api, version 1 (like V4__api_views.sql; pinned by ApiViewsContractIT).
CREATE OR REPLACE ALGORITHM = MERGE VIEW api_forecast_run_regressor AS
SELECT r.run_id           AS run_id,
       r.store_id         AS store_id,
       r.product_id       AS product_id,
       r.regressor        AS regressor,
       r.source           AS source,
       r.lag_days         AS lag_days,
       r.future           AS future,
       r.known_days       AS known_days,
       r.backtest_days    AS backtest_days,
       r.backtest_with    AS backtest_with,
       r.backtest_without AS backtest_without,
       r.helps            AS helps,
       r.used             AS used,
       r.note             AS note
FROM forecast_run_regressor r;
