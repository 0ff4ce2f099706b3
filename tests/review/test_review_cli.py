"""Issue 5: the review, report, feedback, export and audit command contracts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store
from pipeline.summaries import summarize, synthetic

runner = CliRunner()


@pytest.fixture
def db(settings):
    with Store.open(settings) as store:
        comments = synthetic.make_comments(80, 3)
        ids = synthetic.load_synthetic(store, "d1", comments, 3, synthetic.random_vectors(comments))
        summarize(store, settings=settings, run_id="r1")
    return str(settings.db_path), ids


def _run(db_path: str, *args: str):
    return runner.invoke(app, ["--db", db_path, *args])


def test_review_commands_follow_the_contract(db, tmp_path):
    path, ids = db
    listed = _run(path, "review", "list", "d1", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["theme_id"] for r in rows] == ids and set(rows[0]) == {"theme_id", "label", "status"}
    assert {r["status"] for r in rows} == {"draft"}

    assert _run(path, "review", "approve", ids[0], "--as", "anna").exit_code == 0
    assert _run(path, "review", "reject", ids[1], "--reason", "Dubblett", "--as", "anna").exit_code == 0
    text = tmp_path / "edit.txt"
    text.write_text("Många vill ha fler bussar på helgerna.", encoding="utf-8")
    assert _run(path, "review", "edit", ids[2], "--text-file", str(text), "--as", "bo").exit_code == 0
    assert _run(path, "review", "respond", ids[0], "--text", "Vi ökar turtätheten.", "--as", "anna").exit_code == 0
    assert _run(path, "review", "respond", ids[2], "--text-file", str(text), "--as", "anna").exit_code == 0
    status = {r["theme_id"]: r["status"] for r in json.loads(_run(path, "review", "list", "d1", "--json").stdout)}
    assert status == {ids[0]: "approved", ids[1]: "rejected", ids[2]: "edited"}

    shown = _run(path, "review", "show", ids[0], "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["review"]["response"] == "Vi ökar turtätheten."
    actors = {e["actor"] for e in json.loads(shown.stdout)["history"]}
    assert actors == {"anna"}


def test_default_actor_comes_from_settings(db, monkeypatch):
    path, ids = db
    monkeypatch.setenv("LYHORD_ACTOR", "cecilia")
    assert _run(path, "review", "approve", ids[0]).exit_code == 0
    with Store.open(_settings_for(path)) as store:
        assert store.scalar("SELECT updated_by FROM theme_reviews WHERE theme_id = ?", [ids[0]]) == "cecilia"


def _settings_for(path: str):
    from pipeline.settings import Settings

    return Settings(db_path=path)


def test_user_errors_are_one_line_exit_2(db):
    path, ids = db
    result = _run(path, "review", "approve", "finns-inte", "--as", "anna")
    assert result.exit_code == 2 and "finns-inte" in result.output
    result = _run(path, "review", "reject", ids[0], "--reason", " ", "--as", "anna")
    assert result.exit_code == 2
    result = _run(path, "report", "d1", "--format", "odt", "-o", "x.odt")
    assert result.exit_code == 2 and "odt" in result.output


def test_report_feedback_export_and_audit(db, tmp_path):
    path, ids = db
    _run(path, "review", "approve", ids[0], "--as", "anna")
    for fmt in ("json", "html"):
        out = tmp_path / f"r.{fmt}"
        result = _run(path, "report", "d1", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert str(out) in result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in report["themes"]] == [ids[0]]
    assert _run(path, "feedback", "d1", "-o", str(tmp_path / "f.html")).exit_code == 0
    assert "Det här sa ni" in (tmp_path / "f.html").read_text(encoding="utf-8")
    assert _run(path, "export", "submissions", "d1", "-o", str(tmp_path / "s.jsonl")).exit_code == 0
    assert len((tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()) == 80

    ok = _run(path, "audit", "verify")
    assert ok.exit_code == 0 and "1 händelser" in ok.output
    with Store.open(_settings_for(path)) as store:
        store.execute("UPDATE review_events SET actor = 'mallory' WHERE seq = 1")
    broken = _run(path, "audit", "verify")
    assert broken.exit_code != 0 and "event 1" in broken.output


def test_population_load(db, tmp_path):
    path, _ = db
    csv = tmp_path / "pop.csv"
    csv.write_text("dimension,value,population\ndistrict,Råby,5000\n", encoding="utf-8")
    result = _run(path, "population", "load", str(csv), "--dialogue", "d1")
    assert result.exit_code == 0 and "1 rader" in result.output
