-- Claims left off the timeline: their document has no publication date, or the claim has no bound.
SELECT count(*) AS claims_not_drawn
FROM figures AS f
LEFT JOIN documents AS d USING (doc_id)
WHERE d.published_date IS NULL
   OR (f.value_low IS NULL AND f.value_high IS NULL);
