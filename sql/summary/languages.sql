-- Documents per detected language.
SELECT coalesce(language, 'unknown') AS language, count(*) AS n FROM documents GROUP BY 1 ORDER BY 2 DESC, 1;
