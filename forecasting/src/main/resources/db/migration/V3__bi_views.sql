-- Owner: forecasting. Views for BI tools over forecasting's own tables, with stable column names (docs/bi.md).
-- The read-only BI user (pulse_bi) may SELECT these views and nothing else; the views read the tables with
-- their definer's rights. Renaming or removing a column here breaks dashboards: add columns, never change them.

-- Daily totals from the transactions, one row per store, product and day.
CREATE OR REPLACE VIEW bi_daily_sales AS
SELECT d.sale_date    AS day,
       d.store_id     AS store_id,
       d.product_id   AS product_id,
       d.units        AS units,
       d.revenue      AS revenue,
       d.transactions AS transactions
FROM daily_sales d;

-- The newest SUCCEEDED forecast run beside what actually sold. actual_units is what the models train on (units
-- from transactions plus imported history totals), NULL for days with neither yet.
CREATE OR REPLACE VIEW bi_forecast_vs_actual AS
SELECT f.run_id        AS run_id,
       r.as_of_date    AS as_of_date,
       f.forecast_date AS day,
       f.store_id      AS store_id,
       f.product_id    AS product_id,
       f.yhat          AS yhat,
       f.yhat_lower    AS yhat_lower,
       f.yhat_upper    AS yhat_upper,
       CASE WHEN d.units IS NULL AND h.units IS NULL THEN NULL
            ELSE COALESCE(d.units, 0) + COALESCE(h.units, 0) END AS actual_units,
       CASE WHEN d.units IS NULL AND h.units IS NULL THEN NULL
            ELSE COALESCE(d.units, 0) + COALESCE(h.units, 0) - f.yhat END AS error,
       CASE WHEN d.units IS NULL AND h.units IS NULL THEN NULL
            WHEN COALESCE(d.units, 0) + COALESCE(h.units, 0) BETWEEN f.yhat_lower AND f.yhat_upper THEN 1
            ELSE 0 END AS within_interval
FROM forecast f
JOIN forecast_run r ON r.run_id = f.run_id
LEFT JOIN daily_sales d
       ON d.store_id = f.store_id AND d.product_id = f.product_id AND d.sale_date = f.forecast_date
LEFT JOIN sales_history h
       ON h.store_id = f.store_id AND h.product_id = f.product_id AND h.sale_date = f.forecast_date
WHERE f.run_id = (SELECT MAX(s.run_id) FROM forecast_run s WHERE s.status = 'SUCCEEDED');
