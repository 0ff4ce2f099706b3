"""Issue 12: officials' decisions are final.

On a store built by ``lyhord demo``, an official renames, merges, rejects, edits,
splits and responds through the CLI (separate processes, as users do); then 40
new submissions arrive, ``lyhord run nightly`` and ``lyhord run nightly --refit``
run, and every decision still holds in ``lyhord review show --json``, the
report's JSON and the feedback page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
DIALOGUE = "vasteras-demo"
LYHORD = str(Path(sys.executable).parent / "lyhord")


def _cli(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(LYHORD_DB=str(db), LYHORD_DATA_DIR=str(db.parent / "data"), PREFECT_HOME=str(db.parent / "prefect"))
    done = subprocess.run([LYHORD, *args], env=env, input=stdin, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"lyhord {' '.join(args[:2])} failed: {done.stderr[-1500:]}"
    return done


def _received(db: Path) -> int:
    return int(json.loads(_cli(db, "status", "--json").stdout)["dialogues"][0]["stages"]["received"])


def _show(db: Path, theme_id: str) -> dict:
    return json.loads(_cli(db, "review", "show", theme_id, "--json").stdout)


def _new_submissions(tmp_path: Path, n: int = 40) -> Path:
    """Forty web-form posts that the demo store has not seen (new ids, the demo's own shapes)."""
    from pipeline.demo import generate_demo

    manifest = generate_demo(tmp_path / "more", n=400, seed=99)
    source = next(p for p in manifest.files if p.name == "webbformular.jsonl")
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    assert len(rows) == n
    for i, row in enumerate(rows):
        row["id"] = f"wf-ny-{i:04d}"
    out = tmp_path / "webbformular-ny.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return out


def _pick(db: Path) -> dict[str, str]:
    rows = json.loads(_cli(db, "review", "list", DIALOGUE, "--json").stdout)
    ids = [r["theme_id"] for r in rows if "/" in r["theme_id"] and not r["theme_id"].endswith("/other")]
    assert len(ids) >= 7, ids
    names = ("rename", "merge_from", "merge_into", "reject", "edit", "split", "move_from")
    return dict(zip(names, ids, strict=False))


def _decide(db: Path, tmp_path: Path, t: dict[str, str]) -> dict[str, object]:
    _cli(db, "review", "rename", t["rename"], "Cykling och gång", "--as", "anna")
    _cli(db, "review", "merge", t["merge_from"], "--into", t["merge_into"], "--as", "anna")
    _cli(db, "review", "reject", t["reject"], "--reason", "Dubblett av ett annat tema", "--as", "anna")
    edited = tmp_path / "redigerad.txt"
    edited.write_text("Många boende vill ha fler och tryggare gång- och cykelvägar.", encoding="utf-8")
    _cli(db, "review", "edit", t["edit"], "--text-file", str(edited), "--as", "anna")
    _cli(db, "review", "respond", t["edit"], "--text", "Vi bygger två nya cykelvägar 2027.", "--as", "anna")
    members = [s["id"] for s in _members(db, t["split"])[:3]]
    ids_file = tmp_path / "flytta.txt"
    ids_file.write_text("\n".join(members) + "\n", encoding="utf-8")
    out = _cli(
        db, "review", "split", t["split"], "--label", "Hundrastgårdar", "--ids-file", str(ids_file), "--as", "anna"
    )
    assert "split-1" in out.stdout + out.stderr
    relocated = [s["id"] for s in _members(db, t["move_from"]) if s.get("rank", 1) == 1][:2]
    ids_file.write_text("\n".join(relocated) + "\n", encoding="utf-8")
    out = _cli(db, "review", "move", t["move_from"], "--into", t["rename"], "--ids-file", str(ids_file), "--as", "anna")
    assert "2 synpunkter flyttade" in out.stdout
    return {"split_members": members, "split_id": f"{t['split']}-split-1", "moved": relocated}


def _members(db: Path, theme_id: str) -> list[dict]:
    from pipeline.review import theme_submissions
    from pipeline.settings import Settings
    from pipeline.store import Store

    with Store.open(Settings(db_path=db, data_dir=db.parent / "data")) as store:
        return theme_submissions(store, theme_id, limit=1000)[1]


def _assert_decisions_hold(db: Path, t: dict[str, str], split: dict[str, object], when: str) -> None:
    renamed = _show(db, t["rename"])
    assert renamed["theme"]["label"] == "Cykling och gång", when
    merged = _show(db, t["merge_from"])
    assert merged["theme"]["merged_into"] == t["merge_into"] and not merged["theme"]["active"], when
    assert not _members(db, t["merge_from"]), when
    assert _show(db, t["reject"])["status"] == "rejected", when
    edited = _show(db, t["edit"])
    assert edited["status"] == "edited", when
    assert edited["edited_text"].startswith("Många boende vill ha"), when
    assert edited["review"]["response"] == "Vi bygger två nya cykelvägar 2027.", when
    new = _show(db, str(split["split_id"]))
    assert new["theme"]["label"] == "Hundrastgårdar" and new["theme"]["active"], when
    assert {s["id"] for s in _members(db, str(split["split_id"]))} == set(split["split_members"]), when
    assert set(split["moved"]) <= {s["id"] for s in _members(db, t["rename"])}, when
    assert not set(split["moved"]) & {s["id"] for s in _members(db, t["move_from"])}, when
    listed = {r["theme_id"] for r in json.loads(_cli(db, "review", "list", DIALOGUE, "--json").stdout)}
    assert t["merge_from"] not in listed and str(split["split_id"]) in listed, when


def test_decisions_survive_ingest_nightly_and_refit(demo_copy: Path, tmp_path: Path):
    db = demo_copy
    themes = _pick(db)
    split = _decide(db, tmp_path, themes)
    _assert_decisions_hold(db, themes, split, "right after the decisions")

    before = _received(db)
    _cli(db, "ingest", str(_new_submissions(tmp_path)), "--dialogue", DIALOGUE)
    _cli(db, "run", "nightly")
    assert _received(db) == before + 40
    _assert_decisions_hold(db, themes, split, "after the nightly run")

    _cli(db, "run", "nightly", "--refit")
    _assert_decisions_hold(db, themes, split, "after a refit")

    report = tmp_path / "rapport.json"
    _cli(db, "report", DIALOGUE, "--format", "json", "-o", str(report))
    published = {t["id"]: t for t in json.loads(report.read_text(encoding="utf-8"))["themes"]}
    assert themes["reject"] not in published and themes["merge_from"] not in published
    assert published[themes["edit"]]["response"] == "Vi bygger två nya cykelvägar 2027."
    assert "Många boende vill ha" in json.dumps(published[themes["edit"]]["summary"], ensure_ascii=False)
    if themes["rename"] in published:
        assert published[themes["rename"]]["label"] == "Cykling och gång"
    feedback = tmp_path / "aterkoppling.html"
    _cli(db, "feedback", DIALOGUE, "-o", str(feedback))
    page = feedback.read_text(encoding="utf-8")
    assert "Vi bygger två nya cykelvägar 2027." in page and "Dubblett av ett annat tema" not in page
