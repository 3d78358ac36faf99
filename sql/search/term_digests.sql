-- A digest of each document's terms (`search_terms`), one row per document of `documents`: the
-- search index records it (sql/search/fill_index.sql) to find, on the next publish, the documents
-- whose terms changed (sql/search/update_index.sql). Read as the temporary view `term_digests`.
SELECT documents.doc_id, coalesce(sum(hash(search_terms.field, search_terms.terms)), 0) AS digest
FROM documents LEFT JOIN search_terms USING (doc_id)
GROUP BY documents.doc_id
