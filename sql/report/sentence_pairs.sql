-- Per document, pairs of the given entities named in the same sentence, and in how many sentences:
-- the entity_cooccurrence view's rule (same field, same sentence), kept per document so that the
-- page's filters can recount the pairs.
WITH mentions AS (
    SELECT DISTINCT doc_id, field, sentence, entity_id
    FROM entity_mentions
    WHERE entity_id IN (SELECT unnest($entity_ids))
      AND sentence IS NOT NULL
)
SELECT a.doc_id, a.entity_id AS entity_a, b.entity_id AS entity_b, count(*) AS sentences
FROM mentions AS a
JOIN mentions AS b
  ON a.doc_id = b.doc_id AND a.field = b.field AND a.sentence = b.sentence AND a.entity_id < b.entity_id
GROUP BY ALL
ORDER BY a.doc_id, entity_a, entity_b;
