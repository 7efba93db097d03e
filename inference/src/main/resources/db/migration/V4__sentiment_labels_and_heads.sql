-- Sentiment retraining (inference owns these too): labelled feedback from people (e.g. support agents) and the
-- sentiment heads trained from it, so that a retrained version survives a restart.

-- One labelled text. used_in: the version whose training or evaluation first took it (NULL: not used yet).
CREATE TABLE sentiment_label (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    text        TEXT          NOT NULL,
    label       VARCHAR(16)   NOT NULL,                 -- negative, neutral, positive
    labelled_by VARCHAR(128)  NULL,                     -- agent or tool that gave the label
    event_id    VARCHAR(64)   NULL,                     -- the feedback it labels, when known
    created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    used_in     VARCHAR(32)   NULL,
    KEY idx_sentiment_label_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The sentiment head of a retrained version: little-endian float32, 3 rows of `features` weights then 3 biases.
-- base_version: the version of the model whose encoder produced the features it was trained on.
CREATE TABLE sentiment_head (
    name          VARCHAR(64)   NOT NULL,
    version       VARCHAR(32)   NOT NULL,
    base_version  VARCHAR(32)   NOT NULL,
    features      INT           NOT NULL,
    weights       MEDIUMBLOB    NOT NULL,
    created_at    DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (name, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
