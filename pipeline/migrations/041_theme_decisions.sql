-- Officials' decisions on the theme structure, kept apart from the model's output
-- (Label Studio keeps annotations apart from predictions). The themes stage is the
-- only writer of `themes` and `theme_assignments`; the review layer is the only
-- writer of the two tables below. The views `theme_members` and `theme_view` are
-- the one read model that applies the decisions to the machine output: the web
-- app, the report, the feedback page, the summaries and the CLI all read them.

-- One row per theme an official renamed, merged away or created by a split.
CREATE TABLE theme_decisions (
    theme_id        TEXT PRIMARY KEY,
    dialogue_id     TEXT NOT NULL,
    label           TEXT,             -- the officials' label; wins over themes.label
    merged_into     TEXT,             -- always a theme that is not itself merged away
    created_by_split BOOLEAN NOT NULL DEFAULT false,
    parent_id       TEXT,             -- for a split: the theme it was split from
    updated_at      TIMESTAMP NOT NULL,
    updated_by      TEXT NOT NULL
);

-- Submissions an official placed in a theme (a split); they stay there across refits.
CREATE TABLE assignment_decisions (
    submission_id   TEXT PRIMARY KEY,
    dialogue_id     TEXT NOT NULL,
    theme_id        TEXT NOT NULL,
    decided_at      TIMESTAMP NOT NULL,
    decided_by      TEXT NOT NULL
);

-- Earlier versions wrote decisions into `themes`; carry them over, so an upgraded
-- store keeps them when the next run rewrites the machine output.
INSERT INTO theme_decisions (theme_id, dialogue_id, merged_into, updated_at, updated_by)
SELECT id, dialogue_id, merged_into, current_timestamp, 'migration' FROM themes WHERE merged_into IS NOT NULL;

INSERT INTO theme_decisions (theme_id, dialogue_id, created_by_split, parent_id, label, updated_at, updated_by)
SELECT id, dialogue_id, true, parent_id, label, current_timestamp, 'migration'
FROM themes WHERE contains(id, '-split-') AND id NOT IN (SELECT theme_id FROM theme_decisions);

INSERT INTO assignment_decisions (submission_id, dialogue_id, theme_id, decided_at, decided_by)
SELECT submission_id, dialogue_id, theme_id, current_timestamp, 'migration'
FROM theme_assignments WHERE contains(theme_id, '-split-');

-- Effective membership: an official's placement wins over the model's, and a
-- merged theme's members belong to the theme it was merged into.
CREATE VIEW theme_members AS
WITH placed AS (
    SELECT a.submission_id, a.dialogue_id, coalesce(p.theme_id, a.theme_id) AS theme_id,
           a.theme_id AS model_theme_id, a.secondary_theme_id, a.score, a.theme_run_id,
           p.submission_id IS NOT NULL AS placed_by_official
    FROM theme_assignments a LEFT JOIN assignment_decisions p ON p.submission_id = a.submission_id
)
SELECT x.submission_id, x.dialogue_id, coalesce(d.merged_into, x.theme_id) AS theme_id, x.model_theme_id,
       CASE WHEN coalesce(d2.merged_into, x.secondary_theme_id) = coalesce(d.merged_into, x.theme_id) THEN NULL
            ELSE coalesce(d2.merged_into, x.secondary_theme_id) END AS secondary_theme_id,
       x.score, x.theme_run_id, x.placed_by_official
FROM placed x
LEFT JOIN theme_decisions d ON d.theme_id = x.theme_id
LEFT JOIN theme_decisions d2 ON d2.theme_id = x.secondary_theme_id;

-- Effective themes: the model's themes and the officials' split themes, with the
-- officials' label, merges applied, sizes counted from `theme_members`. A theme
-- that an official decided on and that a refit no longer finds is `vanished`:
-- it stays visible for review instead of silently disappearing.
CREATE VIEW theme_view AS
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
sizes AS (SELECT theme_id, count(*) AS n FROM theme_members GROUP BY theme_id),
totals AS (SELECT dialogue_id, count(*) AS n FROM theme_assignments GROUP BY dialogue_id),
decided AS (
    SELECT theme_id FROM theme_reviews WHERE status <> 'draft' OR response IS NOT NULL
    UNION SELECT theme_id FROM theme_decisions WHERE label IS NOT NULL
)
SELECT b.id, b.dialogue_id, b.theme_run_id, coalesce(d.label, b.model_label) AS label, b.model_label,
       b.keywords, b.origin, b.scheme_id, b.parent_id,
       coalesce(s.n, 0)::INTEGER AS size,
       CASE WHEN coalesce(t.n, 0) = 0 THEN 0.0 ELSE coalesce(s.n, 0) / t.n END AS share,
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
