-- inference owns these tables too (docs/schema.md): the scored feedback, its entities and the model registry.
-- Written idempotently, keyed by the feedback's event id; analytics-api and the BI views read them.

-- One row per scored feedback. product_id / store_id: the catalog product and store the text is about (from the
-- source's metadata when it sent them, else the first PRODUCT / STORE entity); NULL when none.
CREATE TABLE text_sentiment (
    event_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    ts             DATETIME(3)   NOT NULL,              -- when the customer wrote it
    day            DATE          NOT NULL,              -- UTC date of ts
    source         VARCHAR(64)   NOT NULL,
    user_id        VARCHAR(128)  NULL,
    product_id     VARCHAR(128)  NULL,
    store_id       VARCHAR(128)  NULL,
    text           TEXT          NOT NULL,
    label          VARCHAR(16)   NOT NULL,              -- negative, neutral, positive
    score          DOUBLE        NOT NULL,              -- probability of the label
    p_negative     DOUBLE        NOT NULL,
    p_neutral      DOUBLE        NOT NULL,
    p_positive     DOUBLE        NOT NULL,
    sentiment      DOUBLE        NOT NULL,              -- p_positive - p_negative, in [-1, 1]
    model          VARCHAR(64)   NOT NULL,
    model_version  VARCHAR(32)   NOT NULL,
    scored_at      DATETIME(3)   NOT NULL,
    KEY idx_text_sentiment_day (day, source),
    KEY idx_text_sentiment_product (product_id, day),
    KEY idx_text_sentiment_store (store_id, day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The entities of a scored feedback. entity_key: the catalog id for PRODUCT / STORE, else the lower-cased,
-- whitespace-normalised text; it is what daily aggregates group by.
CREATE TABLE entity_mention (
    event_id     VARCHAR(64)   NOT NULL,
    mention_no   INT           NOT NULL,
    day          DATE          NOT NULL,
    entity_type  VARCHAR(16)   NOT NULL,                -- PERSON, LOCATION, ORGANIZATION, MISC, PRODUCT, STORE
    entity_key   VARCHAR(255)  NOT NULL,
    entity_text  VARCHAR(255)  NOT NULL,
    start_pos    INT           NOT NULL,
    end_pos      INT           NOT NULL,
    score        DOUBLE        NOT NULL,
    PRIMARY KEY (event_id, mention_no),
    KEY idx_entity_mention_day (day, entity_type, entity_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Model registry: every version ever trained or retrained; exactly one ACTIVE version per name.
CREATE TABLE model_version (
    name           VARCHAR(64)   NOT NULL,
    version        VARCHAR(32)   NOT NULL,
    task           VARCHAR(32)   NOT NULL,              -- sentiment, ner, sentiment+ner
    status         VARCHAR(16)   NOT NULL,              -- ACTIVE, RETIRED, REJECTED
    metrics        TEXT          NOT NULL,              -- JSON object
    training_data  VARCHAR(1000) NOT NULL,
    trained_at     DATETIME(3)   NOT NULL,
    registered_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    activated_at   DATETIME(3)   NULL,
    PRIMARY KEY (name, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
