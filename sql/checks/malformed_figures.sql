-- Figures that break the contract; $1 = allowed qualifiers, $2 = allowed categories.
-- Columns: text, what is wrong.
SELECT text, problem
FROM (
    SELECT
        text,
        CASE
            WHEN NOT list_contains($1, qualifier) THEN 'unknown qualifier ' || qualifier
            WHEN NOT list_contains($2, category) THEN 'unknown category ' || category
            WHEN value_low > value_high THEN 'value_low above value_high'
            WHEN qualifier = 'lower_bound' AND (value_low IS NULL OR value_high IS NOT NULL) THEN 'lower_bound needs value_low only'
            WHEN qualifier = 'upper_bound' AND (value_high IS NULL OR value_low IS NOT NULL) THEN 'upper_bound needs value_high only'
            WHEN qualifier IN ('exact', 'approximate') AND value_low IS DISTINCT FROM value_high THEN qualifier || ' needs equal bounds'
            WHEN qualifier = 'range' AND (value_low IS NULL OR value_high IS NULL) THEN 'range needs both bounds'
        END AS problem
    FROM t
)
WHERE problem IS NOT NULL;
