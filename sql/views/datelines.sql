-- One row per document whose body opens with a newswire dateline: the place as written and the
-- entity it names (the place mention at the start of the body; NULL when no entity was found there).
CREATE OR REPLACE VIEW datelines AS
SELECT
    d.doc_id,
    d.source_name,
    d.dateline,
    m.entity_id,
    e.name AS entity_name,
    e.country_code,
    e.latitude,
    e.longitude,
    d.title,
    d.published_date
FROM documents AS d
LEFT JOIN entity_mentions AS m
    ON m.doc_id = d.doc_id AND m.field = 'body' AND m.start_char = 0 AND m.end_char <= length(d.dateline)
LEFT JOIN entities AS e ON e.entity_id = m.entity_id
WHERE d.dateline IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY d.doc_id ORDER BY m.end_char DESC NULLS LAST) = 1
ORDER BY d.published_date NULLS LAST, d.source_name;
