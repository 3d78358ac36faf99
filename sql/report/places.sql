-- Mentioned places with coordinates, most-mentioned first: markers on the map, and the mentions
-- that shade their country.
SELECT entity_id, name, label, mention_count, doc_count, place_type, country_code, latitude, longitude
FROM entities
WHERE latitude IS NOT NULL
  AND longitude IS NOT NULL
  AND mention_count > 0
ORDER BY mention_count DESC, doc_count DESC, name, entity_id
LIMIT $limit;
