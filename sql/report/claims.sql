-- Numeric claims placed on the publication date of their document.
-- Claims with no date or no bound at all cannot be drawn; they are counted apart.
SELECT
    d.published_date,
    coalesce(f.actor, 'unattributed') AS actor,
    f.category,
    f.qualifier,
    f.value_low,
    f.value_high,
    f.unit,
    f.text,
    f.source,
    f.sentence,
    d.title
FROM figures AS f
JOIN documents AS d USING (doc_id)
WHERE d.published_date IS NOT NULL
  AND (f.value_low IS NOT NULL OR f.value_high IS NOT NULL)
ORDER BY f.category, actor, d.published_date, f.start_char;
