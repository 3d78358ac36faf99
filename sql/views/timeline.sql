-- Dated events: every date mention with its resolved value, the sentence it is in
-- and the article it comes from, in calendar order.
CREATE OR REPLACE VIEW timeline AS
SELECT
    dm.value AS event_date,
    dm.granularity,
    dm.text,
    dm.sentence,
    d.published_date,
    d.title,
    d.source_name,
    dm.doc_id
FROM date_mentions AS dm
JOIN documents AS d USING (doc_id)
ORDER BY dm.value, dm.granularity, d.published_date NULLS LAST, dm.doc_id, dm.start_char;
