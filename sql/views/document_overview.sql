-- One row per document with how much the pipeline found in it.
CREATE OR REPLACE VIEW document_overview AS
SELECT
    d.doc_id,
    d.source_name,
    d.title,
    d.author,
    d.section,
    d.published_date,
    d.word_count,
    (SELECT count(DISTINCT m.entity_id) FROM entity_mentions AS m WHERE m.doc_id = d.doc_id) AS entity_count,
    (SELECT count(*) FROM entity_mentions AS m WHERE m.doc_id = d.doc_id) AS mention_count,
    (SELECT count(*) FROM figures AS f WHERE f.doc_id = d.doc_id) AS figure_count,
    (SELECT count(*) FROM date_mentions AS dm WHERE dm.doc_id = d.doc_id) AS date_count,
    d.source_status
FROM documents AS d
ORDER BY d.published_date NULLS LAST, d.source_name;
