"""Issue 13 §5: a submission counts in its main theme and in the themes it also raises.

The read model (``theme_mentions``, ``theme_view``) ranks every mention; officials'
merges and splits still hold, and an official's placement wins over the model's
secondary theme, also after a refit moves the submission.
"""

from __future__ import annotations

import pytest

from pipeline.review import merge, split
from pipeline.summaries import synthetic

THEMES = ("d1/trafik", "d1/parker", "d1/trygghet")
EMAIL = "Hej!\n\nCykelbanan vid Råby är full av grus, sopa den oftare.\n\nMed vänliga hälsningar\n[NAMN 1]"
ARABIC = "الإضاءة في الحديقة قرب رابي ضعيفة جداً في المساء، والطريق إلى موقف الحافلات مظلم."
SOMALI = "Waddooyinka Råby waa mugdi habeenkii, fadlan nal badan ku dar."


def seed_multilabel(store, n: int = 60) -> list[dict]:
    """A dialogue with theme ids like the product's (``d1/trafik``); every third submission raises a second theme."""
    comments = synthetic.make_comments(n, len(THEMES))
    for i, (text, lang, channel) in enumerate(((EMAIL, "sv", "email"), (ARABIC, "ar", "map"), (SOMALI, "so", "sms"))):
        comments[i].update(text=text, language=lang, channel=channel)
    for c in comments[::4]:
        c["district"] = None  # district unknown, as for about a quarter of real submissions
    synthetic.load_synthetic(store, "d1", comments, len(THEMES), synthetic.random_vectors(comments))
    for t, theme_id in enumerate(THEMES):
        old = f"d1-t{t:02d}"
        store.execute(
            "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, size, share) "
            "SELECT ?, dialogue_id, theme_run_id, label, keywords, origin, size, share FROM themes WHERE id = ?",
            [theme_id, old],
        )
        store.execute("UPDATE theme_assignments SET theme_id = ? WHERE theme_id = ?", [theme_id, old])
        store.execute("DELETE FROM themes WHERE id = ?", [old])
    for i, c in enumerate(comments):
        c["theme_id"] = THEMES[c["theme"]]
        c["secondary_theme_id"] = THEMES[(c["theme"] + 1) % len(THEMES)] if i % 3 == 0 else None
        store.execute(
            "UPDATE theme_assignments SET secondary_theme_id = ? WHERE submission_id = ?",
            [c["secondary_theme_id"], c["id"]],
        )
    return comments


def _mentions(store, submission_id: str) -> list[tuple[str, int]]:
    return store.fetchall(
        "SELECT theme_id, rank FROM theme_mentions WHERE submission_id = ? ORDER BY rank, theme_id", [submission_id]
    )


def _view(store) -> dict[str, dict]:
    return {r["id"]: r for r in store.records("SELECT * FROM theme_view WHERE active")}


def test_mentions_rank_main_and_secondary_themes_and_sizes_say_which(store):
    comments = seed_multilabel(store)
    email = comments[0]
    assert _mentions(store, email["id"]) == [(email["theme_id"], 1), (email["secondary_theme_id"], 2)]
    view = _view(store)
    for theme_id in THEMES:
        primary = sum(1 for c in comments if c["theme_id"] == theme_id)
        secondary = sum(1 for c in comments if c["secondary_theme_id"] == theme_id)
        row = view[theme_id]
        assert (row["size"], row["size_primary"], row["size_all"]) == (primary, primary, primary + secondary)
        assert row["share_all"] == pytest.approx((primary + secondary) / len(comments))
        assert row["share_primary"] == pytest.approx(primary / len(comments))
    assert sum(r["share_all"] for r in view.values()) > 1.0  # why every text must say a submission counts twice
    assert sum(r["size_primary"] for r in view.values()) == len(comments)


def test_merge_counts_a_submission_once_in_the_merged_theme(store):
    comments = seed_multilabel(store)
    source, target = THEMES[1], THEMES[0]
    both = [c for c in comments if {c["theme_id"], c["secondary_theme_id"]} == {source, target}]
    assert both, "the seed must have submissions raising both themes"
    merge(store, [source], target, actor="anna")
    for c in both:
        assert _mentions(store, c["id"]) == [(target, 1)]
    expected = {c["id"] for c in comments if target in (c["theme_id"], c["secondary_theme_id"])}
    expected |= {c["id"] for c in comments if source in (c["theme_id"], c["secondary_theme_id"])}
    assert _view(store)[target]["size_all"] == len(expected)


def test_placement_wins_over_the_machines_secondary_theme_also_after_a_refit(store):
    comments = seed_multilabel(store)
    parent = THEMES[0]
    moved = [c for c in comments if c["theme_id"] == parent and c["secondary_theme_id"]][:2]
    result = split(store, parent, [c["id"] for c in moved], "Grus på cykelbanor", actor="anna")
    new_id = result["new_theme_id"]
    for c in moved:  # placed in the split theme; the machine's other topic still counts as secondary
        assert _mentions(store, c["id"]) == [(new_id, 1), (c["secondary_theme_id"], 2)]
    assert parent not in {t for c in moved for t, _ in _mentions(store, c["id"])}
    # A refit now says the first one is mainly about its other topic, secondarily about the parent.
    first = moved[0]
    store.execute(
        "UPDATE theme_assignments SET theme_id = ?, secondary_theme_id = ? WHERE submission_id = ?",
        [first["secondary_theme_id"], parent, first["id"]],
    )
    assert _mentions(store, first["id"]) == [(new_id, 1)]  # never back in the theme the official took it out of
    view = _view(store)
    assert view[new_id]["size_primary"] == view[new_id]["size_all"] == len(moved)
    assert first["id"] not in {
        r[0] for r in store.fetchall("SELECT submission_id FROM theme_mentions WHERE theme_id = ?", [parent])
    }


def test_theme_submissions_lists_secondary_members_after_main_ones(store):
    from pipeline.review import theme_submissions

    comments = seed_multilabel(store)
    theme_id = THEMES[1]
    total, rows = theme_submissions(store, theme_id, limit=1000)
    primary = {c["id"] for c in comments if c["theme_id"] == theme_id}
    secondary = {c["id"] for c in comments if c["secondary_theme_id"] == theme_id}
    assert total == len(primary) + len(secondary) == len(rows)
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks), "main-theme members come first"
    assert {r["id"] for r in rows if r["rank"] == 1} == primary
    assert {r["id"] for r in rows if r["rank"] == 2} == secondary


def test_an_edit_may_keep_a_quote_from_a_secondary_member(store):
    """Summaries quote secondary members (issue 13 §5); an official's edit keeping that quote is accepted."""
    from pipeline.review.actions import check_edited_text, quote_source

    comments = seed_multilabel(store)
    email = comments[0]
    fragment = "Cykelbanan vid Råby är full av grus"
    assert quote_source(store, email["secondary_theme_id"], fragment) == email["id"]
    assert check_edited_text(store, email["secondary_theme_id"], f"Boende skriver: ”{fragment}”.") == [email["id"]]
    unrelated = next(t for t in THEMES if t not in (email["theme_id"], email["secondary_theme_id"]))
    assert quote_source(store, unrelated, fragment) is None


def seed_three(store, n: int = 60) -> list[dict]:
    """As :func:`seed_multilabel`, and every sixth submission raises all three themes."""
    comments = seed_multilabel(store, n)
    for i, c in enumerate(comments):
        c["tertiary_theme_id"] = THEMES[(c["theme"] + 2) % len(THEMES)] if i % 6 == 0 else None
        store.execute(
            "UPDATE theme_assignments SET tertiary_theme_id = ? WHERE submission_id = ?",
            [c["tertiary_theme_id"], c["id"]],
        )
    return comments


def test_a_third_theme_ranks_3_and_counts_in_size_all_only(store):
    """Issue 13 §5: up to three themes per submission; ``size`` stays the main-theme count."""
    comments = seed_three(store)
    email = comments[0]  # the e-mail with greeting and signature raises all three
    assert _mentions(store, email["id"]) == [
        (email["theme_id"], 1),
        (email["secondary_theme_id"], 2),
        (email["tertiary_theme_id"], 3),
    ]
    view = _view(store)
    for theme_id in THEMES:
        primary = sum(1 for c in comments if c["theme_id"] == theme_id)
        extra = sum(1 for c in comments if theme_id in (c["secondary_theme_id"], c["tertiary_theme_id"]))
        assert (view[theme_id]["size"], view[theme_id]["size_all"]) == (primary, primary + extra)
    assert sum(r["size_all"] for r in view.values()) == len(comments) + sum(
        (c["secondary_theme_id"] is not None) + (c["tertiary_theme_id"] is not None) for c in comments
    )
    assert sum(r["size_primary"] for r in view.values()) == len(comments)


@pytest.mark.parametrize(
    ("source_rank", "target_rank", "expected_ranks"),
    [
        pytest.param(3, 2, [1, 2], id="third-merged-into-second-counts-once"),
        pytest.param(3, 1, [1, 2], id="third-merged-into-main-counts-once"),
        pytest.param(2, 1, [1, 2], id="second-merged-into-main-third-moves-up"),
        pytest.param(2, 3, [1, 2], id="second-merged-into-third-counts-once"),
    ],
)
def test_merges_never_count_a_submission_twice_in_one_theme(store, source_rank, target_rank, expected_ranks):
    comments = seed_three(store)
    email = comments[0]
    order = [email["theme_id"], email["secondary_theme_id"], email["tertiary_theme_id"]]
    source, target = order[source_rank - 1], order[target_rank - 1]
    merge(store, [source], target, actor="anna")
    got = _mentions(store, email["id"])
    assert [rank for _, rank in got] == expected_ranks
    assert [t for t, _ in got] == [t for t in order if t != source]  # the target keeps its own place
    per_theme = store.fetchall(
        "SELECT theme_id, count(*) FROM theme_mentions GROUP BY submission_id, theme_id HAVING count(*) > 1"
    )
    assert per_theme == []


def test_placement_wins_over_the_machines_third_theme_also_after_a_refit(store):
    comments = seed_three(store)
    parent = THEMES[0]
    moved = [c for c in comments if c["theme_id"] == parent and c["tertiary_theme_id"]][:1]
    assert moved, "the seed must have a submission with three themes in the parent"
    first = moved[0]
    new_id = split(store, parent, [first["id"]], "Mörka cykelbanor", actor="anna")["new_theme_id"]
    assert _mentions(store, first["id"]) == [
        (new_id, 1),
        (first["secondary_theme_id"], 2),
        (first["tertiary_theme_id"], 3),
    ]
    # A refit now puts the parent third: the official took the submission out of it, so it stays out.
    store.execute(
        "UPDATE theme_assignments SET theme_id = ?, secondary_theme_id = ?, tertiary_theme_id = ? "
        "WHERE submission_id = ?",
        [first["secondary_theme_id"], first["tertiary_theme_id"], parent, first["id"]],
    )
    assert _mentions(store, first["id"]) == [(new_id, 1), (first["tertiary_theme_id"], 2)]
    assert first["id"] not in {
        r[0] for r in store.fetchall("SELECT submission_id FROM theme_mentions WHERE theme_id = ?", [parent])
    }


def test_theme_submissions_lists_third_theme_members_last(store):
    from pipeline.review import theme_submissions

    comments = seed_three(store)
    theme_id = THEMES[2]
    total, rows = theme_submissions(store, theme_id, limit=1000)
    by_rank = {
        1: {c["id"] for c in comments if c["theme_id"] == theme_id},
        2: {c["id"] for c in comments if c["secondary_theme_id"] == theme_id},
        3: {c["id"] for c in comments if c["tertiary_theme_id"] == theme_id},
    }
    assert by_rank[3], "the seed must have third-theme members here"
    assert total == sum(len(ids) for ids in by_rank.values()) == len(rows)
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    for rank, ids in by_rank.items():
        assert {r["id"] for r in rows if r["rank"] == rank} == ids
