"""The nightly inbox scan reads new files only."""

from __future__ import annotations

import shutil

from ingest_fixtures import raw_count

from pipeline.ingest import ingest_inbox


def test_inbox_ingests_new_files_once(store, settings, mixed) -> None:
    folder, expected = mixed
    inbox = settings.inbox_dirs[0]
    shutil.copytree(folder, inbox)
    first = ingest_inbox(store, settings=settings, run_id="n1")
    assert first.stage == "ingest"
    assert first.counts["accepted"] == expected["accepted"]
    second = ingest_inbox(store, settings=settings, run_id="n2")
    assert second.counts["files"] == 0
    assert second.counts["already_seen"] == first.counts["files"]
    (inbox / "ny.csv").write_text("Svar\nNy synpunkt om Mälarstranden.\n", encoding="utf-8")
    shutil.copy(inbox / "survey_bom.csv", inbox / "kopia-med-nytt-namn.csv")
    third = ingest_inbox(store, settings=settings, run_id="n3")
    assert third.counts["files"] == 1
    assert third.counts["accepted"] == 1
    assert raw_count(store) == expected["accepted"] + 1


def test_missing_inbox_is_a_note_not_an_error(store, settings) -> None:
    result = ingest_inbox(store, settings=settings, run_id="n1")
    assert result.counts["files"] == 0
    assert any("missing" in note for note in result.notes)
