-- Owner: forecasting. Which pooling a forecast run used (issue 17: Store Item Demand through a run): none (each
-- store-product fitted alone) or the top-down settings (runs/TopDown). Null for runs before this migration.
ALTER TABLE forecast_run
    ADD COLUMN pooling VARCHAR(128) NULL COMMENT 'none, or top-down(level=..., weight=..., share-days=...)';
