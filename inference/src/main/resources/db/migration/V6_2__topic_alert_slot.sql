-- One row per (topic, customer) that ever alerted: AlertRepository locks it (an exclusive row lock, taken by
-- INSERT ... ON DUPLICATE KEY UPDATE) before it checks the dedupe window in topic_alert. Two inference replicas
-- matching two complaints of the same customer at the same moment then queue on this row: the second sees the
-- first one's alert and raises none. Without it the window check relied on gap locks, which READ COMMITTED does
-- not take (and which deadlock under REPEATABLE READ).
CREATE TABLE topic_alert_slot (
    topic_id    BIGINT        NOT NULL,
    dedupe_key  VARCHAR(200)  NOT NULL,
    PRIMARY KEY (topic_id, dedupe_key)
);

INSERT IGNORE INTO topic_alert_slot (topic_id, dedupe_key) SELECT DISTINCT topic_id, dedupe_key FROM topic_alert;
