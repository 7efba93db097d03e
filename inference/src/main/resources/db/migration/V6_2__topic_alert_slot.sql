-- One row per (topic, customer) that ever alerted, with its latest alert: the dedupe decision. AlertRepository
-- takes the row's exclusive lock (INSERT ... ON DUPLICATE KEY UPDATE creates it on first use) and decides from
-- raised_at, so two inference replicas matching complaints of one customer at the same moment queue on this row
-- and the second sees the first one's alert. The window check used to be a range read FOR UPDATE on topic_alert:
-- its gap locks deadlocked concurrent alerts under REPEATABLE READ, and READ COMMITTED takes none.
CREATE TABLE topic_alert_slot (
    topic_id    BIGINT        NOT NULL,
    dedupe_key  VARCHAR(200)  NOT NULL,
    raised_at   DATETIME(3)   NULL,                    -- the latest alert stored for this topic and customer
    PRIMARY KEY (topic_id, dedupe_key)
);

INSERT INTO topic_alert_slot (topic_id, dedupe_key, raised_at)
SELECT topic_id, dedupe_key, MAX(raised_at) FROM topic_alert GROUP BY topic_id, dedupe_key;
