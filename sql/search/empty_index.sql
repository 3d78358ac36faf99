-- The full-text index's structure, empty: DuckDB's fts extension, run over an empty table, creates
-- schema fts_main_search_index with the index's tables (docs, terms, dict, stats, fields), its
-- stopword list and its tokenize and match_bm25 macros. `search_terms` fills the tables
-- (pipelines/core/search_index.py); the stemmer named here is the one terms.sql stems with.
CREATE TABLE search_index (doc_id VARCHAR, title VARCHAR, body VARCHAR);
PRAGMA create_fts_index('search_index', 'doc_id', 'title', 'body', stemmer = 'porter', overwrite = 1);
DROP TABLE search_index;
