-- Updates the search index of a copy of the published database (filled by sql/search/fill_index.sql)
-- for the documents whose terms changed, from `documents` and the terms kept per document
-- (`search_terms`, a temporary view): afterwards it is the index `PRAGMA create_fts_index` builds over
-- every document, with the same scores. New, changed and removed documents are found by the digest of
-- their terms (sql/search/term_digests.sql, as recorded in `document_digests`); ids go on from the highest.
-- Document frequencies change by the documents dropped and added: counting them again over every
-- document's terms would read the whole index.
CREATE OR REPLACE TEMP TABLE wanted AS SELECT * FROM term_digests;

CREATE OR REPLACE TEMP TABLE changed AS
SELECT coalesce(wanted.doc_id, kept.doc_id) AS doc_id
FROM wanted FULL JOIN fts_main_search_index.document_digests AS kept USING (doc_id)
WHERE wanted.digest IS DISTINCT FROM kept.digest;

CREATE OR REPLACE TEMP TABLE dropped AS
SELECT docid FROM fts_main_search_index.docs WHERE name IN (SELECT doc_id FROM changed);

CREATE OR REPLACE TEMP TABLE df_changes AS
SELECT termid, -count(DISTINCT docid) AS change
FROM fts_main_search_index.terms WHERE docid IN (SELECT docid FROM dropped)
GROUP BY termid;

DELETE FROM fts_main_search_index.terms WHERE docid IN (SELECT docid FROM dropped);
DELETE FROM fts_main_search_index.docs WHERE docid IN (SELECT docid FROM dropped);
DELETE FROM fts_main_search_index.document_digests WHERE doc_id IN (SELECT doc_id FROM changed);

CREATE OR REPLACE TEMP TABLE occurrences AS
SELECT doc_id, field, unnest(terms) AS term FROM search_terms WHERE doc_id IN (SELECT doc_id FROM changed);

INSERT INTO fts_main_search_index.docs
SELECT (SELECT coalesce(max(docid) + 1, 0) FROM fts_main_search_index.docs) + row_number() OVER (ORDER BY doc_id) - 1,
       doc_id, coalesce(counted.len, 0)
FROM (SELECT doc_id FROM wanted WHERE doc_id IN (SELECT doc_id FROM changed))
LEFT JOIN (SELECT doc_id, count(*) AS len FROM occurrences GROUP BY doc_id) AS counted USING (doc_id);

INSERT INTO fts_main_search_index.dict
SELECT (SELECT coalesce(max(termid) + 1, 0) FROM fts_main_search_index.dict) + row_number() OVER (ORDER BY term) - 1, term, 0
FROM (SELECT DISTINCT term FROM occurrences)
WHERE term NOT IN (SELECT term FROM fts_main_search_index.dict);

INSERT INTO fts_main_search_index.terms
SELECT docs.docid, occurrences.field, dict.termid
FROM occurrences
JOIN fts_main_search_index.docs AS docs ON docs.name = occurrences.doc_id
JOIN fts_main_search_index.dict AS dict USING (term);

INSERT INTO df_changes
SELECT dict.termid, count(DISTINCT occurrences.doc_id)
FROM occurrences JOIN fts_main_search_index.dict AS dict USING (term)
GROUP BY dict.termid;

UPDATE fts_main_search_index.dict SET df = dict.df + counted.change
FROM (SELECT termid, sum(change) AS change FROM df_changes GROUP BY termid) AS counted
WHERE dict.termid = counted.termid;

DELETE FROM fts_main_search_index.dict WHERE df = 0;

INSERT INTO fts_main_search_index.document_digests
SELECT doc_id, digest FROM wanted WHERE doc_id IN (SELECT doc_id FROM changed);

DELETE FROM fts_main_search_index.stats;
INSERT INTO fts_main_search_index.stats
SELECT count(*), avg(len) FROM fts_main_search_index.docs;
