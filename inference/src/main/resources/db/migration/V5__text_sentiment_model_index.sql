-- Drift reads the first and the latest predictions of a model (version) by scored_at: index them, so the check
-- stays cheap on a large text_sentiment.
CREATE INDEX idx_text_sentiment_model_version ON text_sentiment (model, model_version, scored_at);
CREATE INDEX idx_text_sentiment_model_scored ON text_sentiment (model, scored_at);
