-- Owner: ingest. External series (market trends, indices, weather, CPI): one value per name and day, from
-- POST /api/v1/signals and the topic signals.series. version = when the value was accepted; a write replaces
-- the stored value only if it is not older (SignalRepository), so replays cannot bring an old value back.
-- Version 100: far above the other ingest migrations so that it never collides with ones added meanwhile.
CREATE TABLE signal_daily (
    name    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    ds      DATE NOT NULL,
    value   DOUBLE NOT NULL,
    source  VARCHAR(64) NOT NULL,
    version DATETIME(6) NOT NULL,
    PRIMARY KEY (name, ds)
);

-- What analytics-api's GET /api/v1/signals reads (fields name, date, value; INTERFACES.md).
CREATE OR REPLACE VIEW api_signal_daily AS
SELECT s.name AS name, s.ds AS date, s.value AS value, s.source AS source, s.version AS updated_at
FROM signal_daily s;

-- For BI tools (docs/bi.md conventions: day first, stable column names; add columns, never change them).
CREATE OR REPLACE VIEW bi_signal_daily AS
SELECT s.ds AS day, s.name AS name, s.value AS value, s.source AS source, s.version AS updated_at
FROM signal_daily s;
