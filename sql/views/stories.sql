-- Each story with the documents that tell it: syndicated copies (near-identical bodies,
-- see pipelines/core/stories.py) share a story_id. One row per story, with its outlets,
-- first publication time and files; stories told once are listed too (copies = 1).
CREATE OR REPLACE VIEW stories AS
SELECT
    story_id,
    count(*) AS copies,
    count(DISTINCT outlet) AS outlet_count,
    list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
    min(published_at) AS first_published_at,
    first(title ORDER BY published_at NULLS LAST, doc_id) AS first_title,
    list(doc_id ORDER BY published_at NULLS LAST, doc_id) AS doc_ids,
    list(source_path ORDER BY published_at NULLS LAST, doc_id) AS source_paths
FROM documents
GROUP BY story_id
ORDER BY copies DESC, first_published_at NULLS LAST, story_id;
