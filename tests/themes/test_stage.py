"""The themes stage over a real store: cache, incremental assign, stable ids, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.themes.embed import embed_cached

DATA = Path(__file__).parent / "data"


class CountingEmbedder:
    """Wraps the real embedder and counts the texts it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.calls: list[int] = []

    def embed(self, texts):
        self.calls.append(len(texts))
        return self.inner.embed(texts)


def test_cache_prevents_embedding_a_text_twice(store, embedder):
    counting = CountingEmbedder(embedder)
    texts = ["Snön ligger kvar på trottoaren.", "Bussen är sen.", "Snön ligger kvar på trottoaren."]
    first, new = embed_cached(store, texts, counting)
    assert new == 2 and counting.calls == [2]
    second, new_again = embed_cached(store, texts + ["Parken är fin."], counting)
    assert new_again == 1 and counting.calls == [2, 1]
    assert (first == second[:3]).all()
    assert store.scalar("SELECT count(*) FROM embeddings WHERE model = ?", [embedder.name]) == 3


@pytest.fixture
def fitted(store, settings, comments, make_dialogue, add_submissions):
    """A dialogue whose forty comments have been themed once (discovery, no scheme)."""
    from pipeline.themes.stage import update_themes

    make_dialogue(store, "d1")
    add_submissions(store, "d1", comments)
    result = update_themes(store, settings=settings, run_id="run-1", dialogue_id="d1")
    return result


def test_first_run_fits_and_assigns_everything(store, fitted, comments):
    assert fitted.counts["fitted"] == len(comments)
    assert all(isinstance(v, int) for v in fitted.counts.values())
    assert store.scalar("SELECT count(*) FROM theme_assignments WHERE dialogue_id = 'd1'") == len(comments)
    orphans = store.scalar(
        "SELECT count(*) FROM theme_assignments a LEFT JOIN themes t ON t.id = a.theme_id WHERE t.id IS NULL"
    )
    assert orphans == 0
    run = store.records("SELECT kind, params, versions, input_fingerprint, model_path FROM theme_runs")[0]
    assert run["kind"] == "fit" and len(run["input_fingerprint"]) == 64
    assert "bertopic" in json.loads(run["versions"]) and json.loads(run["params"])["seed"] == 42
    saved = list(Path(run["model_path"]).rglob("*"))
    assert any(p.suffix == ".safetensors" for p in saved)
    assert not any(p.suffix in (".pkl", ".pickle") for p in saved)


def test_theme_rows_are_complete(store, fitted):
    rows = store.records("SELECT * FROM themes WHERE dialogue_id = 'd1' AND active")
    assert {r["origin"] for r in rows} >= {"discovered", "other"}
    assert any(r["id"] == "d1/other" for r in rows)
    total = sum(r["size"] for r in rows)
    assert total == 40
    for r in rows:
        if r["size"]:
            assert r["label"] and r["representative_ids"]
            assert set(json.loads(r["breakdowns"])) == {"channel", "district", "age_group", "month"}
    assert store.scalar("SELECT count(*) FROM themes WHERE parent_id IS NOT NULL") >= 0


def test_new_submissions_are_assigned_without_refit(store, settings, fitted, new_comments, add_submissions):
    from pipeline.themes.stage import update_themes

    add_submissions(store, "d1", new_comments)
    result = update_themes(store, settings=settings, run_id="run-2", dialogue_id="d1")
    assert result.counts["assigned"] == len(new_comments)
    assert result.counts["fitted"] == 0
    assert result.counts["embedded"] == len(new_comments)  # the forty came from the cache
    kinds = [r[0] for r in store.fetchall("SELECT kind FROM theme_runs ORDER BY created_at, id")]
    assert kinds == ["fit", "assign"]
    assert store.scalar("SELECT count(*) FROM theme_assignments") == 46
    assert store.scalar("SELECT sum(size) FROM themes WHERE active") == 46


def test_refit_keeps_ids_and_review_decisions(store, settings, fitted):
    from pipeline.themes.stage import update_themes

    before = dict(store.fetchall("SELECT submission_id, theme_id FROM theme_assignments"))
    ids_before = {r[0] for r in store.fetchall("SELECT id FROM themes WHERE active")}
    reviewed = sorted(ids_before - {"d1/other"})[0]
    store.execute("INSERT INTO theme_reviews (theme_id, dialogue_id, status) VALUES (?, 'd1', 'approved')", [reviewed])
    result = update_themes(store, settings=settings, run_id="run-3", dialogue_id="d1", refit=True)
    after = dict(store.fetchall("SELECT submission_id, theme_id FROM theme_assignments"))
    ids_after = {r[0] for r in store.fetchall("SELECT id FROM themes WHERE active")}
    assert ids_after == ids_before  # same data, same seed: every theme matched to its predecessor
    assert result.counts["moved"] == sum(before[k] != after[k] for k in before) == 0
    assert store.scalar("SELECT count(*) FROM themes WHERE id = ? AND active", [reviewed]) == 1
    assert store.scalar("SELECT moved FROM theme_runs WHERE id = 'run-3/d1'") == 0


def test_refit_without_the_model_file_keeps_ids_and_approval_by_members(store, settings, fitted):
    """A restored backup without data/models, or a changed embedder: themes still keep their ids."""
    import shutil

    from pipeline.themes.stage import update_themes

    shutil.rmtree(store.scalar("SELECT model_path FROM theme_runs WHERE id = 'run-1/d1'"))
    ids_before = {r[0] for r in store.fetchall("SELECT id FROM themes WHERE active AND origin = 'discovered'")}
    reviewed = sorted(ids_before)[0]
    store.execute("INSERT INTO theme_reviews (theme_id, dialogue_id, status) VALUES (?, 'd1', 'approved')", [reviewed])
    result = update_themes(store, settings=settings, run_id="run-3", dialogue_id="d1")
    assert result.counts["fitted"] == 40  # nothing to assign with, so the dialogue is fitted anew
    ids_after = {r[0] for r in store.fetchall("SELECT id FROM themes WHERE active AND origin = 'discovered'")}
    assert ids_after == ids_before
    assert result.counts["moved"] == 0
    assert store.scalar("SELECT count(*) FROM theme_assignments WHERE theme_id = ?", [reviewed]) > 0


def test_a_model_path_relative_to_another_working_directory_is_found(
    store, settings, fitted, new_comments, add_submissions, tmp_path, monkeypatch
):
    from pipeline.themes.stage import update_themes

    stored = Path(store.scalar("SELECT model_path FROM theme_runs WHERE id = 'run-1/d1'"))
    legacy = stored.relative_to(Path(settings.data_dir).resolve().parent)  # as older versions wrote it
    store.execute("UPDATE theme_runs SET model_path = ? WHERE id = 'run-1/d1'", [str(legacy)])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    add_submissions(store, "d1", new_comments)
    result = update_themes(store, settings=settings, run_id="run-2", dialogue_id="d1")
    assert result.counts["fitted"] == 0 and result.counts["assigned"] == len(new_comments)


def test_rerun_with_same_run_id_is_idempotent(store, settings, fitted):
    from pipeline.themes.stage import update_themes

    update_themes(store, settings=settings, run_id="run-1", dialogue_id="d1", refit=True)
    assert store.scalar("SELECT count(*) FROM theme_runs") == 1
    assert store.scalar("SELECT count(*) FROM theme_assignments") == 40


def test_scheme_dialogue_uses_scheme_ids(store, settings, comments, make_dialogue, add_submissions):
    from pipeline.themes.stage import update_themes

    make_dialogue(store, "s1", DATA / "scheme.yaml")
    add_submissions(store, "s1", [r | {"id": "s" + r["id"]} for r in comments])
    update_themes(store, settings=settings, run_id="run-s", dialogue_id="s1")
    rows = store.records("SELECT id, origin, scheme_id, label FROM themes WHERE dialogue_id = 's1'")
    scheme_rows = {r["id"]: r for r in rows if r["origin"] == "scheme"}
    assert {"s1/snow", "s1/bus", "s1/park", "s1/school"} <= set(scheme_rows)
    assert scheme_rows["s1/snow"]["label"] == "Snöröjning"
    assigned = dict(store.fetchall("SELECT submission_id, theme_id FROM theme_assignments WHERE dialogue_id = 's1'"))
    hits = sum(assigned["s" + r["id"]] == f"s1/{r['theme']}" for r in comments)
    assert hits / len(comments) >= 0.7
