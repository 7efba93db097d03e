-- Owner: forecasting. The schedule's fire time a run was started for (NULL for runs started through the API).
-- Unique: clustered Quartz can hand one fire time to two replicas (one rescheduling the trigger at start-up while
-- the other fires it), and a run that ends at once (no data) is no longer RUNNING when the second one asks.
ALTER TABLE forecast_run ADD COLUMN scheduled_for DATETIME(3) NULL COMMENT 'schedule fire time (NULL: api)';
CREATE UNIQUE INDEX forecast_run_scheduled_for ON forecast_run (scheduled_for);
