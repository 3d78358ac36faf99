-- The first rejected files and rows, with their reasons.
SELECT source_path, reason FROM source_files WHERE status = 'rejected' ORDER BY source_path LIMIT 10;
