-- The schedule's fire time a run was started for (NULL for runs started through the API). Unique: clustered Quartz
-- can hand one fire time to two replicas (a replica rescheduling the trigger at start-up while the other fires it),
-- and a run that ends at once (too few documents) has released the run lock before the second one asks for it.
ALTER TABLE topic_run ADD COLUMN scheduled_for DATETIME(3) NULL;
CREATE UNIQUE INDEX topic_run_scheduled_for ON topic_run (scheduled_for);
