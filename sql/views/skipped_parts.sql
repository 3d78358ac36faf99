-- One row per part of a message's body that extraction skips (a quoted reply, a signature), with its text.
CREATE OR REPLACE VIEW skipped_parts AS
WITH parts AS (
    SELECT doc_id, source_name, body, unnest(skip_kinds) AS kind, unnest(skip_starts) AS start_char, unnest(skip_ends) AS end_char
    FROM documents
    WHERE skip_kinds IS NOT NULL
)
SELECT doc_id, source_name, kind, start_char, end_char, substr(body, start_char + 1, end_char - start_char) AS text
FROM parts
ORDER BY source_name, start_char;
