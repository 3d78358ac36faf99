-- Every numeric claim, from the figure_estimates view (claims with no actor are there as
-- '(unattributed)'), undated ones included: the page shows them in a lane of their own.
SELECT
    doc_id,
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
    start_char
FROM figure_estimates
-- Every column after the first five: one document can hold two claims at one offset (its title's
-- and its body's), and the same warehouse should give the same page.
ORDER BY published_date NULLS LAST, category, actor, doc_id, start_char,
    text, sentence, qualifier, value_low, value_high, unit, currency, source;
