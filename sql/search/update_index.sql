-- Updates the search index of a copy of the published database (filled by sql/search/fill_index.sql)
-- for the documents whose terms changed, from `documents` and the terms kept per document
-- (`search_terms`, a temporary view): afterwards it is the index `PRAGMA create_fts_index` builds over
-- every document, with the same scores. New, changed and removed documents are found by the digest of
-- their terms (sql/search/term_digests.sql, as recorded in `document_digests`); ids go on from the highest.
CREATE OR REPLACE TEMP TABLE wanted AS SELECT * FROM term_digests;

CREATE OR REPLACE TEMP TABLE changed AS
SELECT coalesce(wanted.doc_id, kept.doc_id) AS doc_id
FROM wanted FULL JOIN fts_main_search_index.document_digests AS kept USING (doc_id)
WHERE wanted.digest IS DISTINCT FROM kept.digest;

CREATE OR REPLACE TEMP TABLE dropped AS
SELECT docid FROM fts_main_search_index.docs WHERE name IN (SELECT doc_id FROM changed);

-- Terms whose document frequency may change: those of the documents dropped and of those added.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT termid FROM fts_main_search_index.terms WHERE docid IN (SELECT docid FROM dropped);

DELETE FROM fts_main_search_index.terms WHERE docid IN (SELECT docid FROM dropped);
DELETE FROM fts_main_search_index.docs WHERE docid IN (SELECT docid FROM dropped);
DELETE FROM fts_main_search_index.document_digests WHERE doc_id IN (SELECT doc_id FROM changed);

CREATE OR REPLACE TEMP VIEW occurrences AS
SELECT doc_id, field, unnest(terms) AS term FROM search_terms WHERE doc_id IN (SELECT doc_id FROM changed);

INSERT INTO fts_main_search_index.docs
SELECT (SELECT coalesce(max(docid) + 1, 0) FROM fts_main_search_index.docs) + row_number() OVER (ORDER BY wanted.doc_id) - 1,
       wanted.doc_id, coalesce(sum(len(search_terms.terms)), 0)
FROM wanted LEFT JOIN search_terms USING (doc_id)
WHERE wanted.doc_id IN (SELECT doc_id FROM changed)
GROUP BY wanted.doc_id;

INSERT INTO fts_main_search_index.dict
SELECT (SELECT coalesce(max(termid) + 1, 0) FROM fts_main_search_index.dict) + row_number() OVER (ORDER BY term) - 1, term, 0
FROM (SELECT DISTINCT term FROM occurrences)
WHERE term NOT IN (SELECT term FROM fts_main_search_index.dict);

INSERT INTO fts_main_search_index.terms
SELECT docs.docid, occurrences.field, dict.termid
FROM occurrences
JOIN fts_main_search_index.docs AS docs ON docs.name = occurrences.doc_id
JOIN fts_main_search_index.dict AS dict USING (term);

INSERT INTO touched
SELECT termid FROM fts_main_search_index.dict WHERE term IN (SELECT term FROM occurrences);

UPDATE fts_main_search_index.dict SET df = counted.df
FROM (
    SELECT touched.termid, count(DISTINCT terms.docid) AS df
    FROM (SELECT DISTINCT termid FROM touched) AS touched
    LEFT JOIN fts_main_search_index.terms AS terms USING (termid)
    GROUP BY touched.termid
) AS counted
WHERE dict.termid = counted.termid;

DELETE FROM fts_main_search_index.dict WHERE df = 0;

INSERT INTO fts_main_search_index.document_digests
SELECT doc_id, digest FROM wanted WHERE doc_id IN (SELECT doc_id FROM changed);

DELETE FROM fts_main_search_index.stats;
INSERT INTO fts_main_search_index.stats
SELECT count(*), avg(len) FROM fts_main_search_index.docs;
