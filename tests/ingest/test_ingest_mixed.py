"""End to end: a folder of mixed files from every channel, good and broken (issue 2 items 3-4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest_fixtures import (
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_TEXT,
    OTHER_TEXTS,
    SURVEY_TEXTS,
    raw_count,
    raw_rows,
)

from pipeline.ingest import ingest_paths


def _ingest(store, settings, paths, run_id="run-1", **kw):
    return ingest_paths(store, [str(p) for p in paths], settings=settings, run_id=run_id, **kw)


def test_mixed_folder_counts_per_channel(store, settings, mixed) -> None:
    folder, expected = mixed
    report = _ingest(store, settings, [folder])
    assert report.counts["accepted"] == expected["accepted"]
    assert report.counts["skipped_empty"] == expected["skipped_empty"]
    assert report.counts["duplicates"] == 0
    assert report.channels == expected["by_channel"]
    by_channel = dict(raw_rows(store, "SELECT channel, count(*) FROM submissions_raw GROUP BY channel"))
    assert by_channel == expected["by_channel"]
    assert report.counts["skipped_files"] == 1  # .DS_Store


def test_exact_swedish_texts_land_in_raw_text(store, settings, mixed) -> None:
    folder, _ = mixed
    _ingest(store, settings, [folder])
    texts = {r[0] for r in raw_rows(store, "SELECT text FROM submissions_raw")}
    for wanted in [t for group in SURVEY_TEXTS.values() for t in group]:
        assert wanted in texts, wanted
    for wanted in OTHER_TEXTS:  # mails and notes may hold more than one sentence
        assert any(wanted in text for text in texts), wanted


def test_every_broken_input_is_in_rejects_with_a_reason(store, settings, mixed) -> None:
    folder, expected = mixed
    report = _ingest(store, settings, [folder])
    rows = store.records("SELECT source, position, reason, quarantine_path, ingest_run_id FROM rejects")
    assert {r["source"] for r in rows} == expected["rejected_sources"]
    assert report.counts["rejected"] == len(rows) == len(report.rejects)
    for row in rows:
        assert row["reason"] and row["position"]
        assert Path(row["quarantine_path"]).is_file()
    by_source = {r["source"]: r for r in rows}
    assert by_source["empty.csv"]["reason"] == "filen är tom"
    assert "trasig" in by_source["truncated.xlsx"]["reason"]
    assert by_source["survey_utf8.csv"]["position"] == "rad 6"  # record 6 counting the header
    assert by_source["mailbox.mbox"]["position"] == "meddelande 3"
    # the rejected survey row is quarantined as it was, the good rows of that file are kept
    line = Path(by_source["survey_utf8.csv"]["quarantine_path"]).read_text(encoding="utf-8")
    assert CANARY_TEXT in line
    assert raw_rows(store, "SELECT count(*) FROM submissions_raw WHERE source = 'survey_utf8.csv'")[0][0] == 3


def test_no_personal_data_in_reject_reasons(store, settings, mixed) -> None:
    folder, _ = mixed
    report = _ingest(store, settings, [folder])
    dumped = report.to_json() + " ".join(r[0] for r in store.fetchall("SELECT reason FROM rejects"))
    reasons = " ".join(r.reason for r in report.rejects) + dumped.split('"rejects"')[0]
    for canary in (CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, CANARY_TEXT):
        assert canary not in reasons
        assert canary not in " ".join(r[0] for r in store.fetchall("SELECT reason FROM rejects"))


def test_reingest_adds_nothing(store, settings, mixed) -> None:
    folder, expected = mixed
    _ingest(store, settings, [folder])
    before = raw_count(store)
    rejects_before = store.scalar("SELECT count(*) FROM rejects")
    again = _ingest(store, settings, [folder], run_id="run-2")
    assert again.counts["accepted"] == 0
    assert again.counts["duplicates"] == expected["accepted"]
    assert raw_count(store) == before
    assert store.scalar("SELECT count(*) FROM rejects") == rejects_before


def test_renamed_and_reexported_file_adds_only_new_rows(store, settings, tmp_path, mixed) -> None:
    folder, _ = mixed
    _ingest(store, settings, [folder / "survey_bom.csv"])
    first = raw_count(store)
    renamed = tmp_path / "export-2.csv"
    shutil.copy(folder / "survey_bom.csv", renamed)
    assert _ingest(store, settings, [renamed], run_id="r2").counts["accepted"] == 0
    data = (folder / "survey_bom.csv").read_bytes() + "3;2026-03-04;Hälla;65+;Ny rad i nästa export.\r\n".encode()
    renamed.write_bytes(data)
    report = _ingest(store, settings, [renamed], run_id="r3")
    assert report.counts["accepted"] == 1
    assert report.counts["duplicates"] == 2
    assert raw_count(store) == first + 1


def test_same_short_answer_from_two_residents_is_kept_twice(store, settings, tmp_path) -> None:
    path = tmp_path / "enkat.csv"
    path.write_text("Stadsdel;Svar\nÖster;Ja\nÖster;Ja\nRåby;Ja\n", encoding="utf-8")
    report = _ingest(store, settings, [path])
    assert report.counts["accepted"] == 3
    assert _ingest(store, settings, [path], run_id="again").counts["accepted"] == 0
    path.write_text("Stadsdel;Svar\nÖster;Ja\nÖster;Ja\nÖster;Ja\nRåby;Ja\n", encoding="utf-8")
    assert _ingest(store, settings, [path], run_id="more").counts["accepted"] == 1


def test_run_and_file_ledger_are_recorded(store, settings, mixed) -> None:
    folder, expected = mixed
    _ingest(store, settings, [folder], run_id="run-ledger")
    run = store.records("SELECT * FROM ingest_runs WHERE id = 'run-ledger'")[0]
    assert run["actor"] == "test"
    assert run["status"] == "completed"
    assert run["accepted"] == expected["accepted"]
    assert run["paths"] == [str(folder)]
    connectors = dict(store.fetchall("SELECT sha256, connector FROM ingest_files"))
    assert "survey.csv.v1" in connectors.values() and "email.mbox.v1" in connectors.values()


def test_glob_and_default_dialogue(store, settings, mixed) -> None:
    folder, _ = mixed
    report = _ingest(store, settings, [folder / "survey_*.csv"])
    assert report.dialogue_id == "standard"
    assert report.counts["files"] == 4
    assert report.counts["accepted"] == 9


def test_channel_override_and_text_column(store, settings, tmp_path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(
        "Telefon,Kommentar,Annat\n0701,Kort,Det här är en mycket längre text om parken.\n", encoding="utf-8"
    )
    report = _ingest(store, settings, [path], text_column="Kommentar", channel="sms")
    assert report.channels == {"sms": 1}
    assert raw_rows(store, "SELECT text, contact_phone FROM submissions_raw") == [("Kort", "0701")]
