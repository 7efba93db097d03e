-- inference owns these tables (docs/schema.md). Topic ids are stable across weekly runs (centroid matching).

-- Every feedback the service saw on feedback.raw: the corpus of the weekly runs.
CREATE TABLE topic_feedback (
    event_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    ts           DATETIME(3)  NOT NULL,
    source       VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(128) NULL,
    text         TEXT         NOT NULL,
    unhappy      BOOLEAN      NOT NULL,
    received_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY idx_topic_feedback_ts (ts)
);

CREATE TABLE topic_run (
    run_id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    status         VARCHAR(16)   NOT NULL,              -- RUNNING, DONE, SKIPPED, FAILED
    trigger_source VARCHAR(16)   NOT NULL,              -- schedule, api
    window_from    DATETIME(3)   NOT NULL,
    window_to      DATETIME(3)   NOT NULL,
    total          INT           NOT NULL DEFAULT 0,    -- documents in the window
    done           INT           NOT NULL DEFAULT 0,    -- documents embedded so far
    topics         INT           NULL,
    outliers       INT           NULL,
    unhappy        INT           NULL,
    new_topics     INT           NULL,
    grown          INT           NULL,
    shrunk         INT           NULL,
    stable         INT           NULL,
    vanished       INT           NULL,
    stage_millis   VARCHAR(255)  NULL,
    message        VARCHAR(1000) NULL,
    started_at     DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    finished_at    DATETIME(3)   NULL
);

-- One row per stable topic id: its latest label and centroid.
CREATE TABLE topic (
    topic_id     BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    label        VARCHAR(255)  NOT NULL,
    first_run_id BIGINT        NOT NULL,
    last_run_id  BIGINT        NOT NULL,
    created_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- A topic as one run saw it. change_kind: new, grown, shrunk, stable, vanished (size 0, previous run's centroid).
CREATE TABLE topic_run_topic (
    run_id          BIGINT        NOT NULL,
    topic_id        BIGINT        NOT NULL,
    label           VARCHAR(255)  NOT NULL,
    keywords        VARCHAR(2000) NOT NULL,             -- JSON array
    representatives TEXT          NOT NULL,             -- JSON array of texts
    size            INT           NOT NULL,
    unhappy         INT           NOT NULL,
    previous_size   INT           NULL,
    change_kind     VARCHAR(16)   NOT NULL,
    centroid        BLOB          NOT NULL,             -- float32 little-endian, unit length
    PRIMARY KEY (run_id, topic_id)
);

CREATE TABLE topic_assignment (
    run_id    BIGINT      NOT NULL,
    event_id  VARCHAR(64) NOT NULL,
    topic_id  BIGINT      NULL,                         -- NULL: outlier
    PRIMARY KEY (run_id, event_id)
);

-- The elected top reasons of a run: topics ranked by unhappy feedback.
CREATE TABLE topic_reason (
    run_id     BIGINT        NOT NULL,
    rank_no    INT           NOT NULL,
    topic_id   BIGINT        NOT NULL,
    label      VARCHAR(255)  NOT NULL,
    unhappy    INT           NOT NULL,
    share      DOUBLE        NOT NULL,                  -- of the run's unhappy feedback
    PRIMARY KEY (run_id, rank_no)
);

CREATE TABLE topic_alert (
    alert_id     VARCHAR(36)   NOT NULL PRIMARY KEY,
    event_id     VARCHAR(64)   NOT NULL,
    run_id       BIGINT        NOT NULL,
    topic_id     BIGINT        NOT NULL,
    topic_label  VARCHAR(255)  NOT NULL,
    similarity   DOUBLE        NOT NULL,
    source       VARCHAR(64)   NOT NULL,
    user_id      VARCHAR(128)  NULL,
    dedupe_key   VARCHAR(200)  NOT NULL,
    text         TEXT          NOT NULL,
    ts           DATETIME(3)   NOT NULL,
    raised_at    DATETIME(3)   NOT NULL,
    webhook      VARCHAR(16)   NULL,                    -- sent, failed (NULL: no webhook)
    UNIQUE KEY uk_topic_alert_event (event_id, topic_id),
    KEY idx_topic_alert_dedupe (topic_id, dedupe_key, raised_at),
    KEY idx_topic_alert_raised (raised_at)
);
