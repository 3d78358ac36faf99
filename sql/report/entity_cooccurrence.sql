-- How often two of the top entities appear in the same document and in the same sentence,
-- read from the entity_cooccurrence view (both orders of every pair).
WITH top_entities AS (
    SELECT entity_id
    FROM entities
    WHERE mention_count > 0
    ORDER BY mention_count DESC, doc_count DESC, name, entity_id
    LIMIT $limit
)
SELECT
    entity_id AS entity_a,
    other_entity_id AS entity_b,
    document_count AS shared_documents,
    sentence_count AS shared_sentences
FROM entity_cooccurrence
WHERE entity_id IN (SELECT entity_id FROM top_entities)
  AND other_entity_id IN (SELECT entity_id FROM top_entities);
