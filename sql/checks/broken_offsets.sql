-- Rows of `t` (mentions, figures or dates) whose text is not documents.body[start_char:end_char],
-- or whose document is gone. Offsets count characters from 0, as Python does; substring counts from 1.
-- Columns: doc_id, start_char, end_char, text.
SELECT t.doc_id, t.start_char, t.end_char, t.text
FROM t
LEFT JOIN documents AS d USING (doc_id)
WHERE d.body IS NULL
   OR substring(d.body, t.start_char + 1, t.end_char - t.start_char) IS DISTINCT FROM t.text
ORDER BY t.doc_id, t.start_char;
