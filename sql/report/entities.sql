-- The most-mentioned entities, ties broken by name so the order is stable: the ones the page can
-- filter by, count per document and draw in the network.
SELECT entity_id, name, label, mention_count, doc_count
FROM entities
WHERE mention_count > 0
ORDER BY mention_count DESC, doc_count DESC, name, entity_id
LIMIT $limit;
