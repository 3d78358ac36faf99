-- Ids that must be unique in the published warehouse. Columns: what, duplicated ids.
SELECT 'documents.doc_id', count(*) FROM (SELECT doc_id FROM documents GROUP BY ALL HAVING count(*) > 1)
UNION ALL
SELECT 'entities.entity_id', count(*) FROM (SELECT entity_id FROM entities GROUP BY ALL HAVING count(*) > 1)
UNION ALL
SELECT 'source_files.source_path', count(*) FROM (SELECT source_path FROM source_files GROUP BY ALL HAVING count(*) > 1);
