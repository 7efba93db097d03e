-- Owner: forecasting. Every accepted transaction once (the key makes re-sends idempotent) and the
-- per store-product-day totals recomputed from them, so late or repeated data can never double-count.
CREATE TABLE sales_transaction (
    transaction_id VARCHAR(64)   NOT NULL,
    store_id       VARCHAR(64)   NOT NULL,
    product_id     VARCHAR(64)   NOT NULL,
    sale_date      DATE          NOT NULL,
    ts             DATETIME(3)   NOT NULL COMMENT 'UTC',
    quantity       BIGINT        NOT NULL,
    unit_price     DECIMAL(14,4) NOT NULL,
    source         VARCHAR(32)   NOT NULL,
    received_at    DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (transaction_id),
    KEY ix_sales_transaction_day (store_id, product_id, sale_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE daily_sales (
    store_id     VARCHAR(64)   NOT NULL,
    product_id   VARCHAR(64)   NOT NULL,
    sale_date    DATE          NOT NULL,
    units        BIGINT        NOT NULL,
    revenue      DECIMAL(20,4) NOT NULL,
    transactions INT           NOT NULL,
    updated_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (store_id, product_id, sale_date),
    KEY ix_daily_sales_date (sale_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
