-- Owner: forecasting. Imported daily totals (retail.sales.history), forecast runs with progress and global
-- metrics, the forecasts themselves, and per-model backtest metrics beside a seasonal-naive baseline.

-- One imported total per store-product-day; a later import of the same day replaces it (last write wins).
CREATE TABLE sales_history (
    store_id    VARCHAR(64)   NOT NULL,
    product_id  VARCHAR(64)   NOT NULL,
    sale_date   DATE          NOT NULL,
    units       BIGINT        NOT NULL,
    revenue     DECIMAL(20,4) NULL COMMENT 'null when the source has only units',
    source      VARCHAR(32)   NOT NULL,
    updated_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (store_id, product_id, sale_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE forecast_run (
    run_id              BIGINT        NOT NULL AUTO_INCREMENT,
    status              VARCHAR(16)   NOT NULL COMMENT 'RUNNING, SUCCEEDED, FAILED',
    trigger_source      VARCHAR(16)   NOT NULL COMMENT 'api, schedule',
    horizon_days        INT           NOT NULL,
    as_of_date          DATE          NULL COMMENT 'last day of the training data',
    total               INT           NOT NULL DEFAULT 0 COMMENT 'store-product pairs in the run',
    done                INT           NOT NULL DEFAULT 0 COMMENT 'pairs finished (forecast, skipped or failed)',
    skipped             INT           NOT NULL DEFAULT 0 COMMENT 'pairs with too little history',
    failed              INT           NOT NULL DEFAULT 0,
    started_at          DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    finished_at         DATETIME(3)   NULL,
    error               VARCHAR(1000) NULL,
    -- Backtest means over every pair with a backtest: the model and the seasonal-naive baseline.
    backtested          INT           NULL,
    model_mae           DOUBLE        NULL,
    model_rmse          DOUBLE        NULL,
    model_smape         DOUBLE        NULL,
    model_mase          DOUBLE        NULL,
    model_r2            DOUBLE        NULL,
    model_coverage      DOUBLE        NULL,
    naive_mae           DOUBLE        NULL,
    naive_rmse          DOUBLE        NULL,
    naive_smape         DOUBLE        NULL,
    naive_mase          DOUBLE        NULL,
    PRIMARY KEY (run_id),
    KEY ix_forecast_run_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE forecast (
    run_id         BIGINT       NOT NULL,
    store_id       VARCHAR(64)  NOT NULL,
    product_id     VARCHAR(64)  NOT NULL,
    forecast_date  DATE         NOT NULL,
    yhat           DOUBLE       NOT NULL,
    yhat_lower     DOUBLE       NOT NULL,
    yhat_upper     DOUBLE       NOT NULL,
    trend          DOUBLE       NOT NULL COMMENT 'components on the fitted scale (log1p when the transform is on)',
    weekly         DOUBLE       NULL,
    yearly         DOUBLE       NULL,
    holidays       DOUBLE       NULL,
    components     TEXT         NULL COMMENT 'every component as a JSON object',
    PRIMARY KEY (run_id, store_id, product_id, forecast_date),
    KEY ix_forecast_pair (store_id, product_id, forecast_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE forecast_metrics (
    run_id      BIGINT       NOT NULL,
    store_id    VARCHAR(64)  NOT NULL,
    product_id  VARCHAR(64)  NOT NULL,
    model       VARCHAR(32)  NOT NULL COMMENT 'prophet-like, seasonal-naive',
    train_days  INT          NOT NULL,
    test_days   INT          NOT NULL,
    mae         DOUBLE       NULL,
    rmse        DOUBLE       NULL,
    mape        DOUBLE       NULL,
    smape       DOUBLE       NULL,
    mase        DOUBLE       NULL,
    r2          DOUBLE       NULL,
    coverage    DOUBLE       NULL,
    PRIMARY KEY (run_id, store_id, product_id, model)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
