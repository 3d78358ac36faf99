-- Full-text search over titles and bodies, ranked by BM25 (DuckDB's fts extension).
-- Needs the extension loaded in the session (`make sql` does it; see the README for other clients):
--   SELECT * FROM search('harbour strike') LIMIT 10;
-- Columns: doc_id, source_name (the file), title, published_date, score, snippet (the start of the body).
--
-- The index is the one `PRAGMA create_fts_index` builds over every document, filled from the terms
-- kept per document (`search_terms`, read here as a temporary view), so publishing cuts only new or
-- changed documents into terms. Its empty structure comes first (sql/search/empty_index.sql).
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

CREATE OR REPLACE MACRO search(query_text) AS TABLE
SELECT
    doc_id,
    source_name,
    title,
    published_date,
    round(score, 3) AS score,
    left(regexp_replace(body, '\s+', ' ', 'g'), 240) AS snippet
FROM (
    SELECT *, fts_main_search_index.match_bm25(doc_id, query_text) AS score
    FROM documents
)
WHERE score IS NOT NULL
ORDER BY score DESC;
