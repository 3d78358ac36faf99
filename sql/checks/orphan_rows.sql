-- Rows of the published warehouse that point at something that is not there.
-- Columns: table_name, orphan rows.
SELECT 'entity_mentions -> documents', count(*) FROM entity_mentions WHERE doc_id NOT IN (SELECT doc_id FROM documents)
UNION ALL
SELECT 'entity_mentions -> entities', count(*) FROM entity_mentions WHERE entity_id NOT IN (SELECT entity_id FROM entities)
UNION ALL
SELECT 'figures -> documents', count(*) FROM figures WHERE doc_id NOT IN (SELECT doc_id FROM documents)
UNION ALL
SELECT 'date_mentions -> documents', count(*) FROM date_mentions WHERE doc_id NOT IN (SELECT doc_id FROM documents)
UNION ALL
-- A file rejected after it was loaded keeps its doc_id, and its document must be there too.
SELECT 'source_files -> documents', count(*) FROM source_files
WHERE doc_id IS NOT NULL AND doc_id NOT IN (SELECT doc_id FROM documents)
UNION ALL
SELECT 'entities without mentions', count(*) FROM entities WHERE entity_id NOT IN (SELECT entity_id FROM entity_mentions);
