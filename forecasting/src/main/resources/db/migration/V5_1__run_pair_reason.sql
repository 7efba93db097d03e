-- Owner: forecasting. No stuck forecast runs (issue 18): a pair that cannot be forecast is FAILED with its reason,
-- and a work item that cannot be read fails the pairs it carried, found by the record's key, so the run finishes
-- (with its failed count) instead of staying RUNNING until pulse.forecasting.runs.stale-after.

ALTER TABLE forecast_run_pair
    ADD COLUMN reason VARCHAR(500) NULL COMMENT 'why the pair FAILED: the fit''s error, or why its work item could not be processed',
    ADD COLUMN item   INT          NULL COMMENT 'the forecasting.work item that carries the pending pair (record key <run_id>-<item>)',
    ADD KEY ix_forecast_run_pair_item (run_id, item);
