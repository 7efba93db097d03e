-- ingest owns these tables (history table flyway_history_ingest).
-- A window is one batch of an upload published in one Kafka transaction. Its row exists only while the
-- window is in flight: it is deleted once Kafka committed, or with its ids if the window failed.
CREATE TABLE ingest_window (
    window_id   CHAR(36) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    producer_id VARCHAR(128) NOT NULL,
    created_at  TIMESTAMP(3) NOT NULL,
    KEY ingest_window_producer (producer_id)
);

-- Every transaction id ever handed to retail.transactions (or claimed by a window in flight).
-- Binary collation: ids are case-sensitive, as in the source systems.
CREATE TABLE ingest_transaction_id (
    transaction_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    window_id      CHAR(36) CHARACTER SET ascii NOT NULL,
    KEY ingest_transaction_id_window (window_id)
);
