-- Multi-label (issue 13 §5): a submission counts in its primary theme (huvudtema) and in the
-- secondary themes the themes stage found (`theme_assignments.secondary_theme_id`). The read
-- model keeps one writer per table: nothing here writes, these views only join.
--
-- theme_members: unchanged shape (one row per assigned submission, `theme_id` is the primary
--   theme), but an official's placement now also wins over the machine's secondary theme: a
--   placed submission does not count again, as a secondary, in the theme the official took it
--   out of (the model's primary theme or the split's parent), nor twice in one theme.
-- theme_mentions: one row per (submission, theme) with `rank` 1 (primary) or 2 (secondary).
--   A second secondary would be one more UNION branch with rank 3.
-- theme_view: `size`/`share` still count primary members (review's split and merge read them);
--   `size_primary`, `share_primary`, `size_all`, `share_all` name what they count. Shares are of
--   the dialogue's theme-assigned submissions; `share_all` over themes can sum to more than 1.

CREATE OR REPLACE VIEW theme_members AS
WITH placed AS (
    SELECT a.submission_id, a.dialogue_id, coalesce(p.theme_id, a.theme_id) AS theme_id,
           a.theme_id AS model_theme_id, a.secondary_theme_id, a.score, a.theme_run_id,
           p.submission_id IS NOT NULL AS placed_by_official
    FROM theme_assignments a LEFT JOIN assignment_decisions p ON p.submission_id = a.submission_id
),
resolved AS (
    SELECT x.*, coalesce(d.merged_into, x.theme_id) AS primary_id,
           coalesce(d2.merged_into, x.secondary_theme_id) AS secondary_id,
           coalesce(dm.merged_into, x.model_theme_id) AS model_id,
           coalesce(dp.merged_into, d.parent_id) AS placed_parent
    FROM placed x
    LEFT JOIN theme_decisions d ON d.theme_id = x.theme_id
    LEFT JOIN theme_decisions d2 ON d2.theme_id = x.secondary_theme_id
    LEFT JOIN theme_decisions dm ON dm.theme_id = x.model_theme_id
    LEFT JOIN theme_decisions dp ON dp.theme_id = d.parent_id
)
SELECT submission_id, dialogue_id, primary_id AS theme_id, model_theme_id,
       CASE WHEN secondary_id = primary_id THEN NULL
            WHEN placed_by_official AND (secondary_id = model_id OR secondary_id = placed_parent) THEN NULL
            ELSE secondary_id END AS secondary_theme_id,
       score, theme_run_id, placed_by_official
FROM resolved;

CREATE OR REPLACE VIEW theme_mentions AS
SELECT submission_id, dialogue_id, theme_id, 1::SMALLINT AS rank, placed_by_official FROM theme_members
UNION ALL
SELECT submission_id, dialogue_id, secondary_theme_id, 2::SMALLINT, false FROM theme_members
WHERE secondary_theme_id IS NOT NULL;

CREATE OR REPLACE VIEW theme_view AS
WITH base AS (
    SELECT id, dialogue_id, theme_run_id, label AS model_label, keywords, origin, scheme_id, parent_id,
           representative_ids, breakdowns, active AS model_active, created_at
    FROM themes
    UNION ALL
    SELECT d.theme_id, d.dialogue_id, p.theme_run_id, d.label, []::TEXT[], coalesce(p.origin, 'discovered'),
           NULL, d.parent_id, []::TEXT[], NULL, true, d.updated_at
    FROM theme_decisions d LEFT JOIN themes p ON p.id = d.parent_id
    WHERE d.created_by_split AND d.theme_id NOT IN (SELECT id FROM themes)
),
sizes AS (
    SELECT theme_id, count(*) FILTER (WHERE rank = 1) AS n_primary, count(*) AS n_all
    FROM theme_mentions GROUP BY theme_id
),
totals AS (SELECT dialogue_id, count(*) AS n FROM theme_assignments GROUP BY dialogue_id),
decided AS (
    SELECT theme_id FROM theme_reviews WHERE status <> 'draft' OR response IS NOT NULL
    UNION SELECT theme_id FROM theme_decisions WHERE label IS NOT NULL
)
SELECT b.id, b.dialogue_id, b.theme_run_id, coalesce(d.label, b.model_label) AS label, b.model_label,
       b.keywords, b.origin, b.scheme_id, b.parent_id,
       coalesce(s.n_primary, 0)::INTEGER AS size,
       CASE WHEN coalesce(t.n, 0) = 0 THEN 0.0 ELSE coalesce(s.n_primary, 0) / t.n END AS share,
       coalesce(s.n_primary, 0)::INTEGER AS size_primary,
       CASE WHEN coalesce(t.n, 0) = 0 THEN 0.0 ELSE coalesce(s.n_primary, 0) / t.n END AS share_primary,
       coalesce(s.n_all, 0)::INTEGER AS size_all,
       CASE WHEN coalesce(t.n, 0) = 0 THEN 0.0 ELSE coalesce(s.n_all, 0) / t.n END AS share_all,
       b.representative_ids, b.breakdowns,
       d.merged_into,
       coalesce(d.created_by_split, false) AS split,
       b.model_active AND d.merged_into IS NULL AS active,
       NOT b.model_active AND d.merged_into IS NULL AND b.id IN (SELECT theme_id FROM decided) AS vanished,
       b.created_at
FROM base b
LEFT JOIN theme_decisions d ON d.theme_id = b.id
LEFT JOIN sizes s ON s.theme_id = b.id
LEFT JOIN totals t ON t.dialogue_id = b.dialogue_id;
