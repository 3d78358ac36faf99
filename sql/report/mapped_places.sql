-- Mentioned entities with known coordinates, most-mentioned first.
SELECT name, label, country_code, latitude, longitude, mention_count
FROM entities
WHERE latitude IS NOT NULL
  AND longitude IS NOT NULL
  AND mention_count > 0
ORDER BY mention_count DESC, name;
