"""Issue 13 §5: a store that already ran migration 050 still gets 044 (the third theme) on open."""

from __future__ import annotations

import pipeline.store as store_module
from pipeline.store import Store

SUB = "vasteras-2026/email/0001"
ORIGINAL = store_module._migration_files


def _without_044():
    return [m for m in ORIGINAL() if m[0] != 44]


def test_a_store_past_050_gets_044_and_keeps_its_rows(settings, monkeypatch):
    monkeypatch.setattr(store_module, "_migration_files", _without_044)
    with Store.open(settings) as old:
        versions = [r[0] for r in old.fetchall("SELECT version FROM schema_migrations ORDER BY version")]
        assert 50 in versions and 44 not in versions
        old.execute("INSERT INTO dialogues (id, title) VALUES ('vasteras-2026', 'Trygg stadsdel')")
        old.execute(
            "INSERT INTO theme_assignments (submission_id, dialogue_id, theme_id, secondary_theme_id, score, "
            "theme_run_id) VALUES (?, 'vasteras-2026', 'vasteras-2026/trygghet', 'vasteras-2026/belysning', 0.6, "
            "'r1/vasteras-2026')",
            [SUB],
        )
        assert old.fetchall("SELECT rank FROM theme_mentions") == [(1,), (2,)]
    monkeypatch.setattr(store_module, "_migration_files", ORIGINAL)
    with Store.open(settings) as upgraded:
        versions = [r[0] for r in upgraded.fetchall("SELECT version FROM schema_migrations ORDER BY version")]
        assert 44 in versions and versions == sorted(set(versions))
        assert upgraded.fetchall(
            "SELECT theme_id, secondary_theme_id, tertiary_theme_id FROM theme_assignments WHERE submission_id = ?",
            [SUB],
        ) == [("vasteras-2026/trygghet", "vasteras-2026/belysning", None)]
        upgraded.execute(
            "UPDATE theme_assignments SET tertiary_theme_id = 'vasteras-2026/gator' WHERE submission_id = ?", [SUB]
        )
        assert upgraded.fetchall("SELECT theme_id, rank FROM theme_mentions ORDER BY rank") == [
            ("vasteras-2026/trygghet", 1),
            ("vasteras-2026/belysning", 2),
            ("vasteras-2026/gator", 3),
        ]
