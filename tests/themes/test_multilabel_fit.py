"""Issue 13 §5: a submission counts in up to three themes; the third passes the second's bar."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).parent / "data"
OTHER = 4  # column of övrigt in the tables below

# Probabilities over five themes (the last is övrigt), main theme, expected second and third.
CASES = [
    pytest.param([0.40, 0.30, 0.25, 0.05, 0.00], 0, 1, 2, id="three-clear-topics"),
    pytest.param([0.50, 0.30, 0.15, 0.05, 0.00], 0, 1, -1, id="third-under-the-floor"),
    pytest.param([0.41, 0.33, 0.21, 0.05, 0.00], 0, 1, 2, id="third-just-over-both-bars"),
    pytest.param([0.46, 0.30, 0.22, 0.02, 0.00], 0, 1, -1, id="third-under-half-the-main"),
    pytest.param([0.70, 0.10, 0.10, 0.10, 0.00], 0, -1, -1, id="one-topic"),
    pytest.param([0.40, 0.00, 0.00, 0.25, 0.35], 0, 3, -1, id="övrigt-is-never-an-extra-theme"),
    pytest.param([0.30, 0.30, 0.20, 0.00, 0.20], OTHER, -1, -1, id="an-övrigt-text-gets-none"),
    pytest.param([0.25, 0.25, 0.25, 0.25, 0.00], 3, 0, 1, id="ties-pick-two-not-more"),
]


@pytest.mark.parametrize(("p", "main", "second", "third"), CASES)
def test_second_and_third_theme_need_the_same_bar(p, main, second, third):
    from pipeline.themes.fit import FitParams, extra_themes

    got = extra_themes(np.array([p]), np.array([main]), OTHER, FitParams())
    assert (int(got[0][0]), int(got[1][0])) == (second, third)


def test_no_rows_gives_no_extra_themes():
    from pipeline.themes.fit import FitParams, extra_themes

    second, third = extra_themes(np.zeros((0, 5)), np.zeros(0, int), OTHER, FitParams())
    assert second.shape == third.shape == (0,)


@pytest.fixture(scope="module")
def loose_fit(tmp_path_factory, comments, comment_vectors, embedder):
    """A scheme fit with a low bar for extra themes, so that some texts get a third one."""
    from pipeline.dialogues import load_scheme
    from pipeline.settings import Settings
    from pipeline.themes.fit import FitParams, fit_themes

    tmp = tmp_path_factory.mktemp("multilabel")
    texts = [r["text"] for r in comments]
    return fit_themes(
        texts,
        comment_vectors,
        [r["lang"] for r in comments],
        settings=Settings(db_path=tmp / "t.duckdb", data_dir=tmp / "data"),
        scheme=load_scheme(DATA / "scheme.yaml"),
        embedder=embedder,
        params=FitParams(secondary_min=0.02, secondary_ratio=0.05),
    )


def _check_distinct(labels, second, third, other):
    assert len(second) == len(third) == len(labels)
    for main, s, t in zip(labels.tolist(), second.tolist(), third.tolist(), strict=True):
        assert t < 0 or s >= 0, "a third theme only with a second"
        extras = [x for x in (s, t) if x >= 0]
        assert main not in extras and other not in extras and len(set(extras)) == len(extras)


def test_fit_and_assign_give_at_most_three_distinct_themes(loose_fit, comments, new_comments, embedder):
    from pipeline.themes.assign import assign_themes
    from pipeline.themes.files import output_rows

    other = loose_fit.other_index()
    _check_distinct(loose_fit.labels, loose_fit.secondary, loose_fit.tertiary, other)
    assert (loose_fit.tertiary >= 0).any(), "the low bar must give some text a third theme"
    rows = output_rows(comments, loose_fit)
    thirds = [r for r in rows if r["tertiary_theme_id"]]
    assert len(thirds) == int((loose_fit.tertiary >= 0).sum())
    assert all(r["tertiary_theme_id"] not in (r["theme_id"], r["secondary_theme_id"]) for r in thirds)

    E = embedder.embed([r["text"] for r in comments + new_comments])
    result = assign_themes(loose_fit, E, [r["lang"] for r in comments + new_comments])
    _check_distinct(result.labels, result.secondary, result.tertiary, other)
    assert (result.tertiary >= 0).any()


def test_default_bar_keeps_third_themes_rare(comments, comment_vectors, embedder, tmp_path):
    """With the shipped bar, one-topic comments like the fixtures' get no third theme."""
    from pipeline.dialogues import load_scheme
    from pipeline.settings import Settings
    from pipeline.themes.fit import fit_themes

    texts = [r["text"] for r in comments]
    fit = fit_themes(
        texts,
        comment_vectors,
        [r["lang"] for r in comments],
        settings=Settings(db_path=tmp_path / "t.duckdb", data_dir=tmp_path / "data"),
        scheme=load_scheme(DATA / "scheme.yaml"),
        embedder=embedder,
    )
    assert (fit.tertiary >= 0).sum() <= (fit.secondary >= 0).sum()
    assert (fit.tertiary >= 0).mean() <= 0.1


def test_stage_writes_the_third_theme_and_the_read_model_ranks_it(store, comments, make_dialogue, add_submissions):
    """Rows from the stage carry the third theme; ``theme_mentions`` ranks it 3 (ids with ``/``)."""
    from pipeline.themes.write import assignment_rows, write_assignments

    make_dialogue(store, "vasteras-2026")
    add_submissions(store, "vasteras-2026", comments[:3])
    ids = ["vasteras-2026/snow", "vasteras-2026/bus", "vasteras-2026/park", "vasteras-2026/other"]
    for theme_id in ids:
        store.execute(
            "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, size, share) "
            "VALUES (?, 'vasteras-2026', 'r1/vasteras-2026', ?, [], 'scheme', 0, 0.0)",
            [theme_id, theme_id.rsplit("/", 1)[1]],
        )
    rows = assignment_rows(
        [c["id"] for c in comments[:3]],
        ids,
        np.array([0, 1, 3]),
        np.array([1, 2, -1]),
        np.array([0.5, 0.4, 0.9]),
        np.array([2, -1, -1]),
    )
    assert write_assignments(store, "vasteras-2026", "r1/vasteras-2026", rows) == 0
    written = store.fetchall(
        "SELECT theme_id, secondary_theme_id, tertiary_theme_id FROM theme_assignments ORDER BY submission_id"
    )
    assert written == [(ids[0], ids[1], ids[2]), (ids[1], ids[2], None), (ids[3], None, None)]
    mentions = store.fetchall(
        "SELECT theme_id, rank FROM theme_mentions WHERE submission_id = ? ORDER BY rank", [comments[0]["id"]]
    )
    assert mentions == [(ids[0], 1), (ids[1], 2), (ids[2], 3)]
    sizes = dict(store.fetchall("SELECT id, size_all FROM theme_view"))
    assert sizes == {ids[0]: 1, ids[1]: 2, ids[2]: 2, ids[3]: 1}
    # A caller still passing four-field rows writes no third theme.
    write_assignments(store, "vasteras-2026", "r2/vasteras-2026", [r[:4] for r in rows])
    assert store.scalar("SELECT count(tertiary_theme_id) FROM theme_assignments") == 0
