-- Full-text search over titles and bodies, ranked by BM25 (DuckDB's fts extension).
-- Needs the extension loaded in the session (`make sql` does it):
--   SELECT * FROM search('North Korean troops Kursk') LIMIT 10;
PRAGMA create_fts_index('documents', 'doc_id', 'title', 'body', overwrite = 1);

CREATE OR REPLACE MACRO search(query_text) AS TABLE
SELECT
    doc_id,
    title,
    published_date,
    round(score, 3) AS score,
    left(body, 240) AS opening
FROM (
    SELECT *, fts_main_documents.match_bm25(doc_id, query_text) AS score
    FROM documents
)
WHERE score IS NOT NULL
ORDER BY score DESC;
