"""Issue 13 §7: breakdowns are computed in one place, and every share names its denominator.

``count_by`` is the one function; the themes stage (``represent.breakdowns``), the summaries'
dialogue totals, the report and the web overview all go through it. Missing values are a
count of their own and a base under 30 submissions says so plainly.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from pipeline.summaries.differences import SMALL_N, count_by, count_by_theme, mentions_text, share_text
from pipeline.summaries.inputs import dialogue_totals, load_members
from pipeline.summaries.synthetic import load_synthetic, make_comments, random_vectors
from pipeline.themes.represent import breakdowns


def _rows(n_centrum: int, n_other: int, n_unknown: int) -> list[dict]:
    base = {"channel": "email", "age_group": None, "received_at": datetime(2025, 10, 3, 9, 30)}
    rows = [dict(base, district="Centrum") for _ in range(n_centrum)]
    rows += [dict(base, district="Önsta-Gryta", channel="map") for _ in range(n_other)]
    rows += [dict(base, district=None, received_at=None) for _ in range(n_unknown)]
    return rows


def test_a_share_says_whether_it_is_of_all_or_of_the_known_and_unknown_is_its_own_row():
    counted = count_by(_rows(8, 65, 27))
    table = counted.table("district")
    centrum, unknown = table[0], table[-1]
    assert centrum["text"] == "Centrum: 8 % av alla, 11 % av dem med känd stadsdel"
    assert (centrum["share_of_all"], centrum["share_of_known"]) == (0.08, round(8 / 73, 4))
    assert unknown["value"] is None and unknown["n"] == 27
    assert unknown["text"] == "okänd stadsdel: 27 % av alla (27 av 100)"
    assert sum(r["n"] for r in table) == counted.total == 100
    assert counted.table("channel")[0]["text"] == "e-post: 35 % av alla"  # all known: one denominator
    assert counted.table("month")[-1]["text"].startswith("okänt datum: 27 %")
    assert all(r["value"] is None for r in counted.table("age_group"))  # nothing known: only the unknown row


@pytest.mark.parametrize(
    ("rows", "dim", "expected"),
    [
        (_rows(3, 9, 2), None, "Bygger på bara 14 synpunkter, så andelarna är osäkra."),
        (_rows(10, 15, 40), "district", "Bygger på bara 25 synpunkter med känd stadsdel, så andelarna är osäkra."),
        (_rows(1, 0, 0), None, "Bygger på bara 1 synpunkt, så andelarna är osäkra."),
        (_rows(20, 20, 10), "district", None),
    ],
)
def test_small_bases_are_said_plainly(rows, dim, expected):
    counted = count_by(rows)
    assert counted.caveat(dim) == expected
    if dim and expected:
        assert all(r["small_n"] for r in counted.table(dim) if r["value"] is not None)


def test_share_and_count_phrases():
    assert share_text(48, 607) == "8 % av alla 607 synpunkter"
    assert share_text(48, 443, "district") == "11 % av de 443 med känd stadsdel"
    assert share_text(3, SMALL_N - 1) == f"10 % av bara {SMALL_N - 1} synpunkter"
    assert mentions_text(45, 38) == "45 synpunkter tar upp temat, varav 38 som huvudtema"


def test_the_themes_stage_counts_with_the_same_function():
    rows = [
        {"channel": "sms", "district": "Råby", "age_group": "18-29", "month": "2025-10"},
        {"channel": "email", "district": None, "age_group": "", "month": None},
        {"channel": "email", "district": "Råby", "age_group": "65+", "month": "2025-11"},
    ]
    stored = breakdowns(rows, np.array([0, 1, 2]))
    counted = count_by(rows)
    for dim, values in stored.items():
        assert {k: v for k, v in values.items() if k != "okänt"} == counted.counts[dim]
        assert sum(values.values()) == 3 and values.get("okänt", 0) == counted.unknown(dim)


def test_dialogue_totals_and_theme_members_read_the_one_function(store):
    comments = make_comments(60, 3)
    comments[0]["district"] = None
    theme_ids = load_synthetic(store, "d1", comments, 3, random_vectors(comments))
    store.execute(
        "UPDATE theme_assignments SET secondary_theme_id = ? WHERE submission_id = ?", [theme_ids[1], comments[0]["id"]]
    )
    totals = dialogue_totals(store, "d1")
    assert totals.total == 60 and dict(totals.by["district"]) == count_by(comments).counts["district"]
    members = load_members(store, theme_ids)
    ranks = {m["id"]: m["rank"] for m in members[theme_ids[1]]}
    assert ranks[comments[0]["id"]] == 2  # a secondary member is evidence for the theme
    assert sum(1 for r in ranks.values() if r == 1) == sum(1 for c in comments if c["theme"] == 1)
    per_theme = count_by_theme([dict(m, theme_id=t) for t, ms in members.items() for m in ms])
    assert per_theme[theme_ids[1]].total == len(members[theme_ids[1]]) == 21


def test_a_diverse_theme_is_grouped_again_more_loosely_until_its_points_hold_a_fair_part():
    """Real dialogues (themes-dev): at the strict distance a theme of diverse comments got one point of two."""
    from pipeline.summaries.extractive import DEFAULT_PARAMS
    from pipeline.summaries.points import form_points

    rng = np.random.default_rng(3)
    topics = np.eye(600)[:3]
    noise = rng.normal(size=(30, 600))
    noise[:, :3] = 0
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    # Three views, ten residents each, each saying it in their own words (cosine distance about 0.6).
    vectors = np.stack([topics[i // 10] + 1.2 * noise[i] for i in range(30)])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    strict, rest = form_points(vectors, 30, {**DEFAULT_PARAMS, "loose_distances": []})
    assert sum(len(p.rows) for p in strict) < 0.25 * 30
    points, rest = form_points(vectors, 30, DEFAULT_PARAMS)
    assert sorted(sorted(p.rows) for p in points) == [list(range(k, k + 10)) for k in (0, 10, 20)]
    assert rest == []
