-- The terms the search index counts in each title and body of `todo` (doc_id, text_key, title, body):
-- the extension's own tokenizer, stopwords (dropped before stemming) and stemmer (empty_index.sql),
-- so the index filled from them is the one `PRAGMA create_fts_index` builds over the same documents.
-- One row per document and field (0 title, 1 body, as the index's `fields`), terms possibly empty.
WITH texts AS (
    SELECT doc_id, text_key, 0::TINYINT AS field, title AS text FROM todo
    UNION ALL
    SELECT doc_id, text_key, 1::TINYINT AS field, body AS text FROM todo
),
words AS (
    SELECT doc_id, field, unnest(fts_main_search_index.tokenize(text)) AS word FROM texts
),
counted AS (
    SELECT doc_id, field, list(stem(word, 'porter')) AS terms
    FROM words
    WHERE word != '' AND word NOT IN (SELECT sw FROM fts_main_search_index.stopwords)
    GROUP BY doc_id, field
)
SELECT texts.doc_id, texts.text_key, texts.field, coalesce(counted.terms, []::VARCHAR[]) AS terms
FROM texts LEFT JOIN counted USING (doc_id, field)
ORDER BY texts.doc_id, texts.field
