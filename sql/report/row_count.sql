-- Rows in one table; $table_name comes from the report's fixed list of input tables.
SELECT count(*) AS row_count
FROM query_table($table_name);
