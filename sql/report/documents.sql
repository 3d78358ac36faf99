-- Every document, from the document_overview view, with its outlet: the first folder of its file
-- under the input folder (one folder per outlet, seeds/<outlet>/...); files at the top level have none.
SELECT
    o.doc_id,
    o.title,
    o.published_date,
    o.source_name,
    CASE WHEN contains(d.source_path, '/') THEN split_part(d.source_path, '/', 1) END AS outlet,
    o.author,
    o.section,
    o.word_count,
    o.figure_count
FROM document_overview AS o
JOIN documents AS d USING (doc_id)
ORDER BY o.published_date NULLS LAST, o.source_name, o.doc_id;
