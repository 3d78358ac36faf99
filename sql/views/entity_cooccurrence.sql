-- Pairs of entities mentioned together: in how many sentences and in how many documents.
-- Usable from either side: every pair appears in both orders, so
--   SELECT other_entity, sentence_count FROM entity_cooccurrence WHERE entity = 'United States'
-- lists everything mentioned alongside it.
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH mentions AS (
    SELECT DISTINCT m.doc_id, m.field, m.sentence, m.entity_id, e.name, e.label
    FROM entity_mentions AS m
    JOIN entities AS e USING (entity_id)
),
pairs AS (
    SELECT
        a.name AS entity, a.label AS entity_label, a.entity_id,
        b.name AS other_entity, b.label AS other_label, b.entity_id AS other_entity_id,
        a.doc_id,
        CASE WHEN a.field = b.field AND a.sentence IS NOT DISTINCT FROM b.sentence
             THEN a.doc_id || '|' || a.field || '|' || a.sentence END AS shared_sentence
    FROM mentions AS a
    JOIN mentions AS b ON a.doc_id = b.doc_id AND a.entity_id <> b.entity_id
)
SELECT
    entity, entity_label, other_entity, other_label,
    count(DISTINCT shared_sentence) AS sentence_count,
    count(DISTINCT doc_id) AS document_count,
    entity_id, other_entity_id
FROM pairs
GROUP BY ALL
ORDER BY sentence_count DESC, document_count DESC, entity, other_entity;
