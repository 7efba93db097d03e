-- Read-only BI user: SELECT on the bi_* views and nothing else (docs/bi.md). Idempotent: run it again after a
-- view is added or to change the password. Placeholders: ${database} and ${password} (./pulse up fills them in
-- and keeps the password in .pulse/bi-password). Run it as an account that may create users and grant, after
-- forecasting, inference and ingest have migrated (the views must exist to be granted).
CREATE USER IF NOT EXISTS 'pulse_bi'@'%' IDENTIFIED BY '${password}';
ALTER USER 'pulse_bi'@'%' IDENTIFIED BY '${password}' WITH MAX_USER_CONNECTIONS 20;
-- Whatever it was granted before goes: the views below are all it may read.
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_daily_sales` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_forecast_vs_actual` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_sentiment_daily` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_entity_sentiment` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_top_reasons` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_alerts` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_signal_daily` TO 'pulse_bi'@'%';
GRANT SELECT ON `${database}`.`bi_forecast_candidate` TO 'pulse_bi'@'%';
