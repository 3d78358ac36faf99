-- What each document's terms (`search_terms`) were cut from, one row per document of `documents`: the
-- hash of its title and body (`text_key`), which changes whenever its terms may have. The search index
-- records it (sql/search/fill_index.sql) to find, on the next publish, the documents whose terms changed
-- (sql/search/update_index.sql). Read as the temporary view `term_digests`.
SELECT documents.doc_id, coalesce(cut.digest, 0) AS digest
FROM documents
LEFT JOIN (SELECT doc_id, any_value(text_key)::HUGEINT AS digest FROM search_terms GROUP BY doc_id) AS cut USING (doc_id)
