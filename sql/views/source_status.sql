-- What happened to the files in the input folder: one row per status and reason.
CREATE OR REPLACE VIEW source_status AS
SELECT
    status,
    coalesce(reason, '') AS reason,
    count(*) AS files,
    sum(size_bytes) AS bytes
FROM source_files
GROUP BY ALL
ORDER BY status, files DESC;
