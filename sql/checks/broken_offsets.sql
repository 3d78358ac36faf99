-- Rows of `t` (mentions, figures or dates) whose text is not the slice [start_char, end_char)
-- of the document field they were found in (title, subtitle or body), or whose document is gone.
-- Offsets count characters from 0, as Python does; substring counts from 1.
-- Columns: doc_id, field, start_char, end_char, text.
SELECT t.doc_id, t.field, t.start_char, t.end_char, t.text
FROM t
LEFT JOIN documents AS d USING (doc_id)
WHERE d.doc_id IS NULL
   OR substring(
        CASE t.field WHEN 'title' THEN d.title WHEN 'subtitle' THEN d.subtitle WHEN 'body' THEN d.body END,
        t.start_char + 1, t.end_char - t.start_char
      ) IS DISTINCT FROM t.text
ORDER BY t.doc_id, t.field, t.start_char;
