-- Owner: forecasting. The model choice of forecast runs (issue 17, item 5): for every store-product a run forecast,
-- each candidate model's backtest error and which candidate made the forecast. Written in the same transaction as
-- the pair's forecast rows (runs/ForecastRepository), one multi-row INSERT IGNORE per work item.
--
-- What the candidates are depends on the run's engine (pulse.forecasting.runs.model):
--   auto: every family auto scored (naive, snaive, ets, theta, dotm, ensemble, mstl when the history allows) and
--         the forecast auto used ("combination": the mean of the best two, or the best single family when that
--         is better), with the mean MASE of auto's rolling-origin cross-validation on the series' own tail
--         (backtest 'cross-validation'; auto computes no sMAPE there);
--   a fixed model (prophet, ets, theta, snaive, ensemble): that model and seasonal naive on the run's hold-out
--         backtest (the last pulse.forecasting.backtest-days days; backtest 'holdout', MASE and sMAPE), the same
--         figures as forecast_metrics.
CREATE TABLE forecast_candidate (
    run_id      BIGINT       NOT NULL,
    store_id    VARCHAR(64)  NOT NULL,
    product_id  VARCHAR(64)  NOT NULL,
    candidate   VARCHAR(32)  NOT NULL COMMENT 'naive, snaive, ets, theta, dotm, ensemble, mstl, combination, prophet',
    backtest    VARCHAR(16)  NOT NULL COMMENT 'cross-validation (auto) or holdout (a fixed model)',
    mase        DOUBLE       NULL COMMENT 'mean absolute scaled error (seasonal-naive scale)',
    smape       DOUBLE       NULL COMMENT 'symmetric MAPE in percent; null where the engine does not compute it',
    chosen      TINYINT(1)   NOT NULL COMMENT '1 for the candidate whose forecast the run stored',
    PRIMARY KEY (run_id, store_id, product_id, candidate)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Read contract for analytics-api (as V4__api_views.sql): one row per candidate of a store-product of a run, with
-- the model the run used for that pair (forecast_run_pair.model, e.g. ets+theta). Version 1, pinned column by
-- column by ApiViewsContractIT.
CREATE OR REPLACE ALGORITHM = MERGE VIEW api_forecast_candidate AS
SELECT c.run_id     AS run_id,
       c.store_id   AS store_id,
       c.product_id AS product_id,
       p.model      AS model,
       c.candidate  AS candidate,
       c.backtest   AS backtest,
       c.mase       AS mase,
       c.smape      AS smape,
       c.chosen     AS chosen
FROM forecast_candidate c
JOIN forecast_run_pair p
  ON p.run_id = c.run_id AND p.store_id = c.store_id AND p.product_id = c.product_id;

-- For BI tools (as V3__bi_views.sql; docs/bi.md): the candidates of every SUCCEEDED run with its as-of day.
CREATE OR REPLACE VIEW bi_forecast_candidate AS
SELECT c.run_id     AS run_id,
       r.as_of_date AS as_of_date,
       c.store_id   AS store_id,
       c.product_id AS product_id,
       p.model      AS model,
       c.candidate  AS candidate,
       c.backtest   AS backtest,
       c.mase       AS mase,
       c.smape      AS smape,
       c.chosen     AS chosen
FROM forecast_candidate c
JOIN forecast_run r ON r.run_id = c.run_id
JOIN forecast_run_pair p
  ON p.run_id = c.run_id AND p.store_id = c.store_id AND p.product_id = c.product_id
WHERE r.status = 'SUCCEEDED';
