-- Files and export rows by status: an export file has a row of its own and one per row in it (`path#N`).
SELECT CASE WHEN row_number IS NULL THEN 'files' ELSE 'export rows' END AS kind, status, count(*) AS n
FROM source_files
GROUP BY ALL
ORDER BY kind DESC, status;
