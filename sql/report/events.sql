-- Dated events from the timeline view: each date mention with its resolved date and sentence.
SELECT doc_id, event_date, granularity, text, sentence
FROM timeline
ORDER BY event_date, doc_id;
