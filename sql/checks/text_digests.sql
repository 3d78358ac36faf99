-- One row per document: a digest of its fields (title, subtitle, body), which the offsets checks
-- slice. Made once per version of `documents` and shared by the checks of mentions, figures and dates.
-- Columns: doc_id, texts_digest.
SELECT doc_id, hash(title, subtitle, body)::VARCHAR AS texts_digest
FROM documents
