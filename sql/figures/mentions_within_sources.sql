-- The positions (in `mentions`: position, doc_id, text) of the mentions whose text is found within a
-- source (`sources`: doc_id, source) of a claim in the same document, in order. Only they can be
-- the entity a source names (`claims.source_entity_id` then asks for whole words).
SELECT DISTINCT mentions.position
FROM mentions
JOIN (SELECT DISTINCT doc_id, source FROM sources) AS sources
    ON sources.doc_id = mentions.doc_id AND contains(sources.source, mentions.text)
ORDER BY mentions.position
