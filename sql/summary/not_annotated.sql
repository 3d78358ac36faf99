-- Why documents were left out of annotation (e.g. not English).
SELECT reason, count(*) AS n FROM annotation_status WHERE status = 'skipped' GROUP BY 1 ORDER BY 1;
