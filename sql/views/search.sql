-- Full-text search over titles and bodies, ranked by BM25 (DuckDB's fts extension).
-- Needs the extension loaded in the session (`make sql` does it; see the README for other clients):
--   SELECT * FROM search('harbour strike') LIMIT 10;
-- Columns: doc_id, source_name (the file), title, published_date, score, snippet (the start of the body).
--
-- The index is the one `PRAGMA create_fts_index` builds over every document, filled from the terms
-- kept per document in a new database (sql/search/fill_index.sql) and updated in a copy of the
-- published one (sql/search/update_index.sql), so publishing cuts only new or changed documents into
-- terms and indexes only them.
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
