-- Every numeric claim per actor and category, in time order, with its bounds,
-- who says so (and the entity that is, to group by) and the sentence it comes from:
-- the table to open first. Claims with no actor stay, as '(unattributed)'.
-- story_id groups syndicated copies: a claim counts once per document as it stands, once per
-- story with `WHERE first_in_story` (its earliest copy: same actor, category, unit, qualifier
-- and bounds within one story).
CREATE OR REPLACE VIEW figure_estimates AS
SELECT
    coalesce(f.actor, '(unattributed)') AS actor,
    f.actor_origin,
    f.category,
    f.unit,
    f.currency,
    f.qualifier,
    f.value_low,
    f.value_high,
    f.source,
    f.source_entity_id,
    d.published_date,
    d.title,
    d.source_name,
    f.text,
    f.sentence,
    f.doc_id,
    d.story_id,
    row_number() OVER (
        PARTITION BY d.story_id, f.actor, f.category, f.unit, f.qualifier, f.value_low, f.value_high
        ORDER BY d.published_at NULLS LAST, f.doc_id, f.start_char
    ) = 1 AS first_in_story,
    f.start_char
FROM figures AS f
JOIN documents AS d USING (doc_id)
ORDER BY actor, f.category, d.published_date NULLS LAST, f.doc_id, f.start_char;
