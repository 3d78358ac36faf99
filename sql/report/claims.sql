-- Numeric claims placed on the publication date of their document, from the
-- figure_estimates view (claims with no actor are there as '(unattributed)').
-- Claims with no date or no bound at all cannot be drawn; they are counted apart.
SELECT
    published_date,
    actor,
    category,
    qualifier,
    value_low,
    value_high,
    unit,
    currency,
    text,
    source,
    sentence,
    title
FROM figure_estimates
WHERE published_date IS NOT NULL
  AND (value_low IS NOT NULL OR value_high IS NOT NULL)
ORDER BY category, actor, published_date, start_char;
