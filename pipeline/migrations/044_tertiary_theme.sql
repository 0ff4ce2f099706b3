-- Multi-label up to three themes (issue 13 §5): the themes stage may give a submission a
-- third theme (`tertiary_theme_id`) when it passes the same bar as the second. The themes
-- stage is its only writer; the views below only join, as in 043.
--
-- theme_members: one row per assigned submission, as before, with `tertiary_theme_id` added.
--   The rules of 043 hold for both extra themes: merges are applied, a theme never counts
--   twice for one submission, and an official's placement wins over the machine's extra
--   themes (a placed submission does not count again in the theme the official took it out
--   of). When the second theme drops out that way, the third takes its place as rank 2.
-- theme_mentions: one row per (submission, theme), `rank` 1 (main), 2 or 3.
-- theme_view is not redefined: it counts `theme_mentions`, so `size_all`/`share_all` now count
--   ranks 1–3 and `size`/`size_primary` still count rank 1 only.

ALTER TABLE theme_assignments ADD COLUMN tertiary_theme_id TEXT;

CREATE OR REPLACE VIEW theme_members AS
WITH placed AS (
    SELECT a.submission_id, a.dialogue_id, coalesce(p.theme_id, a.theme_id) AS theme_id,
           a.theme_id AS model_theme_id, a.secondary_theme_id, a.tertiary_theme_id, a.score, a.theme_run_id,
           p.submission_id IS NOT NULL AS placed_by_official
    FROM theme_assignments a LEFT JOIN assignment_decisions p ON p.submission_id = a.submission_id
),
resolved AS (
    SELECT x.*, coalesce(d.merged_into, x.theme_id) AS primary_id,
           coalesce(d2.merged_into, x.secondary_theme_id) AS secondary_id,
           coalesce(d3.merged_into, x.tertiary_theme_id) AS tertiary_id,
           coalesce(dm.merged_into, x.model_theme_id) AS model_id,
           coalesce(dp.merged_into, d.parent_id) AS placed_parent
    FROM placed x
    LEFT JOIN theme_decisions d ON d.theme_id = x.theme_id
    LEFT JOIN theme_decisions d2 ON d2.theme_id = x.secondary_theme_id
    LEFT JOIN theme_decisions d3 ON d3.theme_id = x.tertiary_theme_id
    LEFT JOIN theme_decisions dm ON dm.theme_id = x.model_theme_id
    LEFT JOIN theme_decisions dp ON dp.theme_id = d.parent_id
),
kept AS (
    SELECT r.*,
           CASE WHEN secondary_id = primary_id THEN NULL
                WHEN placed_by_official AND (secondary_id = model_id OR secondary_id = placed_parent) THEN NULL
                ELSE secondary_id END AS secondary_kept,
           CASE WHEN tertiary_id = primary_id OR tertiary_id = secondary_id THEN NULL
                WHEN placed_by_official AND (tertiary_id = model_id OR tertiary_id = placed_parent) THEN NULL
                ELSE tertiary_id END AS tertiary_kept
    FROM resolved r
)
SELECT submission_id, dialogue_id, primary_id AS theme_id, model_theme_id,
       coalesce(secondary_kept, tertiary_kept) AS secondary_theme_id,
       CASE WHEN secondary_kept IS NULL THEN NULL ELSE tertiary_kept END AS tertiary_theme_id,
       score, theme_run_id, placed_by_official
FROM kept;

CREATE OR REPLACE VIEW theme_mentions AS
SELECT submission_id, dialogue_id, theme_id, 1::SMALLINT AS rank, placed_by_official FROM theme_members
UNION ALL
SELECT submission_id, dialogue_id, secondary_theme_id, 2::SMALLINT, false FROM theme_members
WHERE secondary_theme_id IS NOT NULL
UNION ALL
SELECT submission_id, dialogue_id, tertiary_theme_id, 3::SMALLINT, false FROM theme_members
WHERE tertiary_theme_id IS NOT NULL;
