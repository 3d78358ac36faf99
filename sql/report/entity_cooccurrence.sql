-- How often two of the top entities appear in the same document and in the same sentence.
-- A sentence is identified by its document and its text.
WITH top_entities AS (
    SELECT entity_id
    FROM entities
    WHERE mention_count > 0
    ORDER BY mention_count DESC, doc_count DESC, name, entity_id
    LIMIT $limit
),
mentions AS (
    SELECT DISTINCT m.doc_id, m.sentence, m.entity_id
    FROM entity_mentions AS m
    JOIN top_entities USING (entity_id)
),
documents_of_entity AS (
    SELECT DISTINCT doc_id, entity_id FROM mentions
),
shared_documents AS (
    SELECT a.entity_id AS entity_a, b.entity_id AS entity_b, count(*) AS shared_documents
    FROM documents_of_entity AS a
    JOIN documents_of_entity AS b ON a.doc_id = b.doc_id AND a.entity_id <> b.entity_id
    GROUP BY ALL
),
shared_sentences AS (
    SELECT a.entity_id AS entity_a, b.entity_id AS entity_b, count(*) AS shared_sentences
    FROM mentions AS a
    JOIN mentions AS b
      ON a.doc_id = b.doc_id AND a.sentence = b.sentence AND a.entity_id <> b.entity_id
    GROUP BY ALL
)
SELECT d.entity_a, d.entity_b, d.shared_documents, coalesce(s.shared_sentences, 0) AS shared_sentences
FROM shared_documents AS d
LEFT JOIN shared_sentences AS s USING (entity_a, entity_b);
