-- Read contract for analytics-api (issue 16, "contracts, not reach-ins"): analytics-api reads inference's data
-- only through these views, never the tables behind them. Version 1 of the contract. Column names and types are
-- pinned by ApiViewsContractIT in this module: a change that breaks them fails inference's own build. To change
-- a column incompatibly, publish api_<name>_v2 beside the old view and retire the old one once analytics-api has
-- moved. ALGORITHM = MERGE: the views fold into the reader's query, so the tables' indexes serve it as before.

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_text_sentiment AS
SELECT s.event_id      AS event_id,
       s.ts            AS ts,
       s.day           AS day,
       s.source        AS source,
       s.user_id       AS user_id,
       s.product_id    AS product_id,
       s.store_id      AS store_id,
       s.text          AS text,
       s.label         AS label,
       s.score         AS score,
       s.p_negative    AS p_negative,
       s.p_neutral     AS p_neutral,
       s.p_positive    AS p_positive,
       s.sentiment     AS sentiment,
       s.model         AS model,
       s.model_version AS model_version,
       s.scored_at     AS scored_at
FROM text_sentiment s;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_entity_mention AS
SELECT e.event_id    AS event_id,
       e.mention_no  AS mention_no,
       e.day         AS day,
       e.entity_type AS entity_type,
       e.entity_key  AS entity_key,
       e.entity_text AS entity_text
FROM entity_mention e;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_topic_run AS
SELECT r.run_id      AS run_id,
       r.status      AS status,
       r.window_from AS window_from,
       r.window_to   AS window_to
FROM topic_run r;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_topic_reason AS
SELECT r.run_id   AS run_id,
       r.rank_no  AS rank_no,
       r.topic_id AS topic_id,
       r.label    AS label,
       r.unhappy  AS unhappy,
       r.share    AS share
FROM topic_reason r;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_topic_run_topic AS
SELECT t.run_id   AS run_id,
       t.topic_id AS topic_id,
       t.label    AS label,
       t.keywords AS keywords,
       t.size     AS size
FROM topic_run_topic t;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_topic_alert AS
SELECT a.alert_id    AS alert_id,
       a.event_id    AS event_id,
       a.run_id      AS run_id,
       a.topic_id    AS topic_id,
       a.topic_label AS topic_label,
       a.similarity  AS similarity,
       a.source      AS source,
       a.user_id     AS user_id,
       a.text        AS text,
       a.ts          AS ts,
       a.raised_at   AS raised_at,
       a.webhook     AS webhook
FROM topic_alert a;

CREATE OR REPLACE ALGORITHM = MERGE VIEW api_model_version AS
SELECT m.name          AS name,
       m.version       AS version,
       m.task          AS task,
       m.status        AS status,
       m.metrics       AS metrics,
       m.training_data AS training_data,
       m.trained_at    AS trained_at,
       m.registered_at AS registered_at,
       m.activated_at  AS activated_at
FROM model_version m;
