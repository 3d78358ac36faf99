-- Title, subtitle and body of the documents that hold a claim, so the page can show a claim in its
-- article: the documents with the most claims first (the latest first among equals), as many as fit
-- in $budget characters. Bodies of other documents stay out: they are most of a large warehouse's size.
-- Claims are counted in `figures` itself: the figure_estimates view would sort them all first.
WITH claims AS (
    SELECT doc_id, count(*) AS claim_count
    FROM figures
    GROUP BY doc_id
),
ranked AS (
    SELECT
        d.doc_id, d.title, d.subtitle, d.body,
        sum(length(d.body)) OVER (
            ORDER BY c.claim_count DESC, d.published_date DESC NULLS LAST, d.doc_id
        ) AS characters_so_far
    FROM documents AS d
    JOIN claims AS c USING (doc_id)
)
SELECT doc_id, title, subtitle, body
FROM ranked
WHERE characters_so_far <= $budget
ORDER BY doc_id;
