-- Pairs of entities mentioned together: in how many sentences and in how many documents.
-- Each pair appears once, with entity_a's name sorting before entity_b's.
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH mentions AS (
    SELECT DISTINCT m.doc_id, m.sentence, m.entity_id, e.name, e.label
    FROM entity_mentions AS m
    JOIN entities AS e USING (entity_id)
),
pairs AS (
    SELECT
        a.name AS entity_a, a.label AS label_a, a.entity_id AS entity_a_id,
        b.name AS entity_b, b.label AS label_b, b.entity_id AS entity_b_id,
        a.doc_id,
        a.sentence IS NOT DISTINCT FROM b.sentence AS same_sentence,
        a.sentence
    FROM mentions AS a
    JOIN mentions AS b ON a.doc_id = b.doc_id AND (a.name, a.entity_id) < (b.name, b.entity_id)
)
SELECT
    entity_a, label_a, entity_b, label_b,
    count(DISTINCT CASE WHEN same_sentence THEN doc_id || '|' || sentence END) AS sentence_count,
    count(DISTINCT doc_id) AS document_count,
    entity_a_id, entity_b_id
FROM pairs
GROUP BY ALL
ORDER BY sentence_count DESC, document_count DESC, entity_a, entity_b;
