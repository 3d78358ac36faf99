-- How often each of the given entities is mentioned in each document: what lets the page's filters
-- recount entities, places and pairs for the documents they select. The views aggregate over the
-- whole corpus, so this one reads entity_mentions.
SELECT doc_id, entity_id, count(*) AS mentions
FROM entity_mentions
WHERE entity_id IN (SELECT unnest($entity_ids))
GROUP BY ALL
ORDER BY doc_id, entity_id;
