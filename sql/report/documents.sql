-- Every document, from the document_overview view, with its outlet: the publication its source
-- names (an export's column, a web page's site name), else the first folder of its file under
-- the input folder (one folder per outlet, seeds/<outlet>/...); NULL for a plain file at the top.
SELECT
    o.doc_id,
    o.title,
    o.published_date,
    o.source_name,
    coalesce(d.outlet, CASE WHEN contains(d.source_path, '/') THEN split_part(d.source_path, '/', 1) END) AS outlet,
    o.author,
    o.section,
    o.word_count,
    o.figure_count
FROM document_overview AS o
JOIN documents AS d USING (doc_id)
ORDER BY o.published_date NULLS LAST, o.source_name, o.doc_id;
