-- Read contract for analytics-api (issue 16, "contracts, not reach-ins"): analytics-api reads forecasting's data
-- only through these views, never the tables behind them. Version 1 of the contract. Column names and types are
-- pinned by ApiViewsContractIT in this module: a change that breaks them fails forecasting's own build. To change
-- a column incompatibly, publish api_<name>_v2 beside the old view and retire the old one once analytics-api has
-- moved. ALGORITHM = MERGE: the views fold into the reader's query, so the tables' indexes serve it as before.

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_sales_daily AS
SELECT d.sale_date    AS sale_date,
       d.store_id     AS store_id,
       d.product_id   AS product_id,
       d.units        AS units,
       d.revenue      AS revenue,
       d.transactions AS transactions
FROM daily_sales d;

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
       f.components    AS components
FROM forecast f;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_forecast_run AS
SELECT r.run_id      AS run_id,
       r.status      AS status,
       r.as_of_date  AS as_of_date,
       r.started_at  AS started_at,
       r.finished_at AS finished_at
FROM forecast_run r;
