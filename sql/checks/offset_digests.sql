-- One row per document that `t` (mentions, figures or dates) has rows in: a digest of those rows'
-- offsets and texts, and one of the document's fields (from `text_digests`, see text_digests.sql).
-- An offsets check that passed for a document holds while both digests stay the same, so a later
-- check reads only documents where one changed. hash() is DuckDB's 64-bit hash: it tells changed rows
-- from unchanged ones (the files' own fingerprints guard against damage). The texts' digest is NULL
-- when the document is gone.
-- Columns: doc_id, rows_digest, texts_digest.
SELECT rows.doc_id, rows.rows_digest, d.texts_digest
FROM (
    SELECT doc_id, sum(hash(field, start_char, end_char, text))::VARCHAR AS rows_digest
    FROM t
    GROUP BY doc_id
) AS rows
LEFT JOIN text_digests AS d USING (doc_id)
