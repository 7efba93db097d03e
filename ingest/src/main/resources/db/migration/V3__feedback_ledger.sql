-- Every feedback event id handed to feedback.raw. The id is derived from (source, externalId), so this is
-- the dedupe key of the feedback API. window_id as in ingest_transaction_id.
CREATE TABLE ingest_feedback_id (
    event_id  CHAR(36) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    window_id CHAR(36) CHARACTER SET ascii NOT NULL,
    KEY ingest_feedback_id_window (window_id)
);
