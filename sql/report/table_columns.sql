-- Which report inputs exist: every column of every table or view in the main schema.
-- The report renders a section only when the columns it needs are all here.
SELECT table_name, column_name
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position;
