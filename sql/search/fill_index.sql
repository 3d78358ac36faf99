-- Fills the search index of a new database, created empty (sql/search/empty_index.sql), from the terms
-- kept per document (`search_terms`, a temporary view): the index `PRAGMA create_fts_index` builds over
-- every document, with the same scores. `document_digests` records what each document's terms were, so
-- that the next publish, on a copy of this database, updates the index for the changed ones only
-- (sql/search/update_index.sql; the digests: sql/search/term_digests.sql).
INSERT INTO fts_main_search_index.docs
SELECT row_number() OVER (ORDER BY documents.doc_id) - 1, documents.doc_id, coalesce(sum(len(terms)), 0)
FROM documents LEFT JOIN search_terms USING (doc_id)
GROUP BY documents.doc_id;

INSERT INTO fts_main_search_index.dict
SELECT row_number() OVER (ORDER BY term) - 1, term, df
FROM (
    SELECT term, count(DISTINCT doc_id) AS df
    FROM (SELECT doc_id, unnest(terms) AS term FROM search_terms)
    GROUP BY term
);

INSERT INTO fts_main_search_index.terms
SELECT docs.docid, occurrences.field, dict.termid
FROM (SELECT doc_id, field, unnest(terms) AS term FROM search_terms) AS occurrences
JOIN fts_main_search_index.docs AS docs ON docs.name = occurrences.doc_id
JOIN fts_main_search_index.dict AS dict USING (term);

DELETE FROM fts_main_search_index.stats;
INSERT INTO fts_main_search_index.stats
SELECT count(*), avg(len) FROM fts_main_search_index.docs;

CREATE TABLE fts_main_search_index.document_digests AS SELECT * FROM term_digests;
