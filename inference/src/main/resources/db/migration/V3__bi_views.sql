-- Owner: inference. Views for BI tools over inference's own tables, with stable column names (docs/bi.md).
-- The read-only BI user (pulse_bi) may SELECT these views and nothing else; the views read the tables with
-- their definer's rights. Renaming or removing a column here breaks dashboards: add columns, never change them.

-- Scored feedback per UTC day, product, store and source (product / store NULL for texts about none).
-- mean_score: mean of sentiment = p_positive - p_negative, in [-1, 1].
CREATE OR REPLACE VIEW bi_sentiment_daily AS
SELECT s.day                                      AS day,
       s.product_id                               AS product_id,
       s.store_id                                 AS store_id,
       s.source                                   AS source,
       COUNT(*)                                   AS posts,
       CAST(SUM(s.label = 'positive') AS SIGNED)  AS positive,
       CAST(SUM(s.label = 'neutral') AS SIGNED)   AS neutral,
       CAST(SUM(s.label = 'negative') AS SIGNED)  AS negative,
       AVG(s.sentiment)                           AS mean_score
FROM text_sentiment s
GROUP BY s.day, s.product_id, s.store_id, s.source;

-- Entities per UTC day: mentions counts every mention, texts the distinct texts with one; mean_sentiment and
-- share_negative are over those texts (a text naming an entity twice counts once).
CREATE OR REPLACE VIEW bi_entity_sentiment AS
SELECT m.day                                               AS day,
       m.entity_type                                       AS entity_type,
       m.entity_key                                        AS entity_key,
       MIN(m.entity_text)                                  AS entity_text,
       CAST(SUM(m.n) AS SIGNED)                            AS mentions,
       COUNT(*)                                            AS texts,
       AVG(s.sentiment)                                    AS mean_sentiment,
       CAST(SUM(s.label = 'negative') AS DOUBLE) / COUNT(*) AS share_negative
FROM (SELECT e.day, e.entity_type, e.entity_key, e.event_id, COUNT(*) AS n, MIN(e.entity_text) AS entity_text
      FROM entity_mention e
      GROUP BY e.day, e.entity_type, e.entity_key, e.event_id) m
JOIN text_sentiment s ON s.event_id = m.event_id
GROUP BY m.day, m.entity_type, m.entity_key;

-- The elected complaint reasons of the newest DONE topic run, ranked by unhappy feedback.
CREATE OR REPLACE VIEW bi_top_reasons AS
SELECT r.run_id       AS run_id,
       tr.window_from AS window_from,
       tr.window_to   AS window_to,
       r.rank_no      AS reason_rank,
       r.topic_id     AS topic_id,
       r.label        AS label,
       t.keywords     AS keywords,
       r.unhappy      AS unhappy,
       r.share        AS share,
       t.size         AS topic_size
FROM topic_reason r
JOIN topic_run tr ON tr.run_id = r.run_id
LEFT JOIN topic_run_topic t ON t.run_id = r.run_id AND t.topic_id = r.topic_id
WHERE r.run_id = (SELECT MAX(d.run_id) FROM topic_run d WHERE d.status = 'DONE');

-- Every alert raised: a new feedback that matched an elected complaint reason.
CREATE OR REPLACE VIEW bi_alerts AS
SELECT a.alert_id    AS alert_id,
       a.raised_at   AS raised_at,
       a.ts          AS feedback_ts,
       a.topic_id    AS topic_id,
       a.topic_label AS topic_label,
       a.similarity  AS similarity,
       a.source      AS source,
       a.user_id     AS user_id,
       a.text        AS text,
       a.event_id    AS event_id,
       a.run_id      AS run_id,
       a.webhook     AS webhook
FROM topic_alert a;
