-- The names the scoring step found in each feedback (people, places, organisations, catalog stores and products;
-- newline-separated, at most 1000 characters): the weekly run keeps them out of topic labels.
ALTER TABLE topic_feedback ADD COLUMN names VARCHAR(1000) NULL;
