"""Issue 5: review states, rules, merge/split and re-review after material change."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import InputError, NotFoundError, ReviewError
from pipeline.review import (
    approve,
    edit,
    get_theme,
    list_themes,
    merge,
    reject,
    rename,
    respond,
    split,
    summary_diff,
    verify_audit,
)
from pipeline.summaries import summarize, synthetic


@pytest.fixture
def themes(store, settings):
    comments = synthetic.make_comments(160, 4)
    ids = synthetic.load_synthetic(store, "d1", comments, 4, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    return ids


def _status(store, theme_id):
    return store.fetchone(
        "SELECT status, needs_rereview, response, edited_text FROM theme_reviews WHERE theme_id = ?", [theme_id]
    )


def test_states_and_listing(store, themes):
    assert [t["status"] for t in list_themes(store, "d1")] == ["draft"] * 4
    approve(store, themes[0], actor="anna")
    edit(store, themes[1], "Många vill att snön röjs tidigare på morgonen.", actor="bo")
    reject(store, themes[2], reason="Dubblett av ett annat tema", actor="anna")
    status = {t["theme_id"]: t["status"] for t in list_themes(store, "d1")}
    assert status == {themes[0]: "approved", themes[1]: "edited", themes[2]: "rejected", themes[3]: "draft"}
    assert {t["theme_id"] for t in list_themes(store, "d1", include_drafts=False)} == set(themes[:2])
    assert get_theme(store, themes[0], include_drafts=False)["status"] == "approved"
    for hidden in themes[2:]:
        with pytest.raises(NotFoundError):
            get_theme(store, hidden, include_drafts=False)
    assert _status(store, themes[2])[0] == "rejected"
    assert store.scalar("SELECT reason FROM theme_reviews WHERE theme_id = ?", [themes[2]]).startswith("Dubblett")
    actions = [r[0] for r in store.fetchall("SELECT action FROM review_events ORDER BY seq")]
    assert actions == ["approve", "edit", "reject"]
    assert verify_audit(store).ok


def test_unverified_summary_cannot_be_approved(store, themes):
    summary = get_theme(store, themes[0])["summary"]
    store.execute("UPDATE submissions SET text = 'ändrad text' WHERE id = ?", [summary["quotes"][0]["submission_id"]])
    with pytest.raises(ReviewError, match="citatkontrollen"):
        approve(store, themes[0], actor="anna")
    store.execute("UPDATE theme_summaries SET verified = false WHERE theme_id = ?", [themes[1]])
    with pytest.raises(ReviewError, match="cannot be approved"):
        approve(store, themes[1], actor="anna")
    assert _status(store, themes[0])[0] == "draft" and _status(store, themes[1])[0] == "draft"
    assert store.scalar("SELECT count(*) FROM review_events") == 0


def test_edit_keeps_generated_text_and_checks_quotes(store, themes):
    theme = get_theme(store, themes[0])
    real = theme["summary"]["quotes"][0]["text"]
    edit(store, themes[0], f"Många vill ha mer ljus. En skrev: ”{real}”", actor="bo")
    edited = get_theme(store, themes[0])
    assert edited["status"] == "edited" and edited["generated_text"] == theme["generated_text"]
    assert {"op": "insert", "text": "Många "} in edited["diff"] or any(d["op"] == "insert" for d in edited["diff"])
    with pytest.raises(ReviewError, match="ordagrant"):
        edit(store, themes[0], "En skrev: ”Kommunen är bäst i världen”", actor="bo")
    with pytest.raises(ReviewError):
        edit(store, themes[0], "   ", actor="bo")


def test_summary_diff_marks_changes():
    ops = summary_diff("Det är mörkt i parken.", "Det är mycket mörkt i parken.")
    assert [o["op"] for o in ops] == ["equal", "insert", "equal"]
    assert "".join(o["text"] for o in ops if o["op"] != "delete") == "Det är mycket mörkt i parken."
    assert summary_diff("a b", "a b") == [{"op": "equal", "text": "a b"}]


def test_respond_rename_and_errors(store, themes):
    respond(store, themes[0], "Vi byter 40 armaturer under 2026.", actor="anna")
    rename(store, themes[0], "Belysning i parker", actor="anna")
    theme = get_theme(store, themes[0])
    assert theme["review"]["response"].startswith("Vi byter") and theme["theme"]["label"] == "Belysning i parker"
    assert [h["action"] for h in theme["history"]] == ["respond", "rename"]
    with pytest.raises(NotFoundError):
        approve(store, "finns-inte", actor="anna")
    with pytest.raises(ReviewError):
        reject(store, themes[0], reason=" ", actor="anna")
    with pytest.raises(ReviewError):
        approve(store, themes[0], actor="")


def test_merge_and_split(store, themes):
    approve(store, themes[0], actor="anna")
    respond(store, themes[0], "Svaret ligger kvar.", actor="anna")
    result = merge(store, [themes[0], themes[1]], themes[0], actor="anna")
    assert result["size"] == 80
    view = "SELECT active, merged_into FROM theme_view WHERE id = ?"
    assert store.fetchone(view, [themes[1]]) == (False, themes[0])
    # The model's output is untouched: the decision lives in the review layer's own table.
    assert store.fetchone("SELECT active, merged_into FROM themes WHERE id = ?", [themes[1]]) == (True, None)
    status, reason, response, _ = _status(store, themes[0])
    assert status == "draft" and "slagits samman" in reason and response == "Svaret ligger kvar."
    assert get_theme(store, themes[0])["latest_summary"]["stats"]["count"] == 80
    with pytest.raises(ReviewError):
        approve(store, themes[1], actor="anna")
    moved = [
        r[0]
        for r in store.fetchall(
            "SELECT submission_id FROM theme_members WHERE theme_id = ? ORDER BY 1 LIMIT 10", [themes[2]]
        )
    ]
    out = split(store, themes[2], moved, "Hundrastgårdar", actor="anna")
    assert out["moved"] == 10
    assert store.fetchone("SELECT size, label, parent_id FROM theme_view WHERE id = ?", [out["new_theme_id"]]) == (
        10,
        "Hundrastgårdar",
        themes[2],
    )
    assert store.scalar("SELECT size FROM theme_view WHERE id = ?", [themes[2]]) == 30
    assert get_theme(store, out["new_theme_id"])["summary"]["verified"]
    with pytest.raises(InputError):
        split(store, themes[2], ["s-finns-inte"], "X", actor="anna")
    assert verify_audit(store).ok


def test_material_change_flags_theme_and_keeps_the_decision(store, settings, themes):
    approve(store, themes[0], actor="anna")
    respond(store, themes[0], "Vi ser över belysningen.", actor="anna")
    approve(store, themes[3], actor="anna")
    # Nightly adds a few submissions to theme 3 (small change) and many to theme 0 (material).
    extra = synthetic.make_comments(200, 4, seed=99)
    for c in extra:
        c["id"] = "s-x" + c["id"][2:]
    grow = [c for c in extra if c["theme"] == 0][:20] + [c for c in extra if c["theme"] == 3][:2]
    for c in grow:
        c["text"] += " (ny)"
    _add(store, grow, {0: themes[0], 3: themes[3]})
    result = summarize(store, settings=settings, run_id="r2")
    assert result.counts["rereview"] == 1
    status, reason, response, _ = _status(store, themes[0])
    assert status == "approved" and "från 40 till 60" in reason and response == "Vi ser över belysningen."
    assert _status(store, themes[3])[:2] == ("approved", None)
    event = store.fetchone("SELECT actor, action, after FROM review_events ORDER BY seq DESC LIMIT 1")
    assert event[:2] == ("system", "rereview") and json.loads(event[2])["needs_rereview"] == reason
    approve(store, themes[0], actor="anna")
    assert _status(store, themes[0])[:2] == ("approved", None)
    assert verify_audit(store).ok


def test_an_upgrade_that_summarises_another_way_does_not_send_approved_themes_back(
    store, settings, themes, monkeypatch
):
    """A new summaries revision picks other statements from the same submissions; officials are not asked again.

    On the real Västerås store, revision 6 flagged three approved themes "Temat har fått andra
    representativa synpunkter" though not one submission had moved.
    """
    from pipeline.summaries import extractive

    for theme_id in themes:
        approve(store, theme_id, actor="anna")
    # Another way of choosing points, as an upgrade brings: far fewer points from other statements.
    params = dict(extractive.DEFAULT_PARAMS, revision=extractive.DEFAULT_PARAMS["revision"] + 1, max_points=1)
    monkeypatch.setattr(extractive, "DEFAULT_PARAMS", params)
    result = summarize(store, settings=settings, run_id="r-upgrade")
    assert result.counts["summarized"] == len(themes)
    assert result.counts["rereview"] == 0
    assert all(_status(store, t)[:2] == ("approved", None) for t in themes)
    # The same revision with other members is still a change an official looks at (the test above).


def _add(store, comments, theme_of):
    import hashlib

    for c in comments:
        store.execute(
            "INSERT INTO submissions (id, dialogue_id, channel, received_at, district, age_group, language, text, "
            "text_hash, anonymizer, anonymize_run_id) VALUES (?, 'd1', ?, ?, ?, ?, ?, ?, ?, 'a', 'r')",
            [
                c["id"],
                c["channel"],
                c["received_at"],
                c["district"],
                c["age_group"],
                c["language"],
                c["text"],
                hashlib.sha256(c["text"].encode()).hexdigest(),
            ],
        )
        store.execute(
            "INSERT INTO theme_assignments (submission_id, dialogue_id, theme_id, theme_run_id) "
            "VALUES (?, 'd1', ?, 'r')",
            [c["id"], theme_of[c["theme"]]],
        )
        # Give it the vector of a member with the same opening words, as a real embedder would.
        store.execute(
            "INSERT INTO embeddings (text_hash, model, vector) SELECT ?, e.model, e.vector FROM submissions s "
            "JOIN theme_assignments a ON a.submission_id = s.id JOIN embeddings e ON e.text_hash = s.text_hash "
            "WHERE a.theme_id = ? ORDER BY starts_with(s.text, ?) DESC, s.id LIMIT 1",
            [hashlib.sha256(c["text"].encode()).hexdigest(), theme_of[c["theme"]], c["text"][:25]],
        )


def test_theme_gone_after_refit_is_flagged_not_dropped(store, settings, themes):
    """Issue 12: a decided theme that a refit no longer finds stays visible, flagged, until an official acts."""
    from pipeline.report import build_report

    approve(store, themes[1], actor="anna")
    rename(store, themes[1], "Lekplatser", actor="anna")
    # What the themes stage does on a refit that no longer finds the theme: marks its own row inactive.
    store.execute("UPDATE themes SET active = false WHERE id = ?", [themes[1]])
    store.execute("UPDATE themes SET active = false WHERE id = ?", [themes[3]])  # undecided: simply gone
    listed = {t["theme_id"]: t for t in list_themes(store, "d1")}
    assert themes[3] not in listed
    gone = listed[themes[1]]
    assert gone["vanished"] and gone["status"] == "approved" and gone["label"] == "Lekplatser"
    assert "omanpassningen" in gone["needs_rereview"]
    assert "omanpassningen" in get_theme(store, themes[1])["review"]["needs_rereview"]
    assert themes[1] not in {t.id for t in build_report(store, "d1", charts=False).themes}
    assert themes[1] not in {t["theme_id"] for t in list_themes(store, "d1", include_drafts=False)}
    with pytest.raises(ReviewError, match="omanpassningen"):
        approve(store, themes[1], actor="anna")
    merge(store, [themes[1]], themes[0], actor="anna")
    assert themes[1] not in {t["theme_id"] for t in list_themes(store, "d1")}
    assert verify_audit(store).ok


def test_merge_chain_resolves_to_the_last_target(store, themes):
    merge(store, [themes[1]], themes[2], actor="anna")
    merge(store, [themes[2]], themes[0], actor="anna")
    rows = dict(store.fetchall("SELECT id, merged_into FROM theme_view WHERE merged_into IS NOT NULL"))
    assert rows == {themes[1]: themes[0], themes[2]: themes[0]}
    assert store.scalar("SELECT size FROM theme_view WHERE id = ?", [themes[0]]) == 120
    assert store.scalar("SELECT count(DISTINCT theme_id) FROM theme_members") == 2
