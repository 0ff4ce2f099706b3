"""The anonymize stage over a real DuckDB store (fake names); issue 3."""

from __future__ import annotations

import hashlib
import logging

import pytest
from anon_helpers import insert_raw

from pipeline.anonymize import anonymize, anonymize_partition, plan_anonymize
from pipeline.errors import ConfigError, RestrictedTableError

CANARY_NAME = "Anna Svensson"
CANARY_PNR = "850709-9805"
CANARY_MAIL = "kanariefagel.4711@example.se"
CANARY_TEXT = f"Jag heter {CANARY_NAME}, {CANARY_PNR}, mejla {CANARY_MAIL} om lekplatsen i Skälby."


def _seed(store, n=5):
    rows = [
        {
            "id": "s0000",
            "text": CANARY_TEXT,
            "contact_name": "Karin Lindqvist",
            "contact_email": "karin@example.se",
            "contact_phone": "070-765 43 21",
            "district": "Skälby",
            "lon": 16.5,
            "lat": 59.6,
        },
        {
            "id": "s0001",
            "text": "Ring mig, Karin, på 0707654321. Karin Lindqvists synpunkt: fler bänkar.",
            "contact_name": "Karin Lindqvist",
            "contact_phone": "+46 70 765 43 21",
        },
    ]
    rows += [{"id": f"s{i:04d}", "text": f"Synpunkt nummer {i} om linje 11.", "dialogue_id": "d2"} for i in range(2, n)]
    insert_raw(store, rows)


def test_plan_lists_pending_ids_in_partitions(store, settings):
    _seed(store, 7)
    settings.partition_size = 3
    plan = plan_anonymize(store, settings=settings)
    assert plan == [["s0000", "s0001", "s0002"], ["s0003", "s0004", "s0005"], ["s0006"]]
    assert plan_anonymize(store, settings=settings, dialogue_id="d1") == [["s0000", "s0001"]]


def test_anonymize_writes_submissions_and_findings(store, settings, anonymizer):
    _seed(store)
    result = anonymize(store, settings=settings, run_id="run-a", anonymizer=anonymizer)
    assert result.counts["submissions"] == 5 and result.counts["partitions"] == 1
    row = store.records("SELECT * FROM submissions WHERE id = 's0000'")[0]
    assert row["text"] == "Jag heter [NAMN 1], [PERSONNUMMER], mejla [E-POST] om lekplatsen i Skälby."
    assert row["text_hash"] == hashlib.sha256(row["text"].encode()).hexdigest()
    assert row["anonymizer"] == "lyhord.anonymize@1" and row["anonymize_run_id"] == "run-a"
    assert (row["district"], row["lon"], row["lat"]) == ("Skälby", 16.5, 59.6)
    assert "contact_name" not in row and "contact_email" not in row
    findings = store.records("SELECT * FROM pii_findings WHERE submission_id = 's0000' ORDER BY start_pos")
    assert [(f["label"], f["start_pos"], f["end_pos"]) for f in findings] == [
        ("PERSON", 10, 23),
        ("ID_NUMBER", 25, 36),
        ("EMAIL", 44, 72),
    ]
    assert {f["detector"] for f in findings} == {"fake-names@1", "id_number@1", "email@1"}
    assert set(findings[0]) == {"submission_id", "label", "start_pos", "end_pos", "detector", "score", "run_id"}


def test_contact_details_in_the_text_are_redacted(store, settings, anonymizer):
    _seed(store)
    anonymize(store, settings=settings, run_id="run-a", anonymizer=anonymizer)
    text = store.scalar("SELECT text FROM submissions WHERE id = 's0001'")
    assert text == "Ring mig, [NAMN 1], på [TELEFON]. [NAMN 1] synpunkt: fler bänkar."


def test_stage_is_incremental_and_idempotent(store, settings, anonymizer):
    _seed(store)
    anonymize(store, settings=settings, run_id="run-a", anonymizer=anonymizer)
    again = anonymize(store, settings=settings, run_id="run-b", anonymizer=anonymizer)
    assert again.counts["submissions"] == 0 and plan_anonymize(store, settings=settings) == []
    repeat = anonymize_partition(store, ["s0000", "s0001"], settings=settings, run_id="run-a", anonymizer=anonymizer)
    assert repeat.counts == {"submissions": 0, "findings": 0, "skipped": 2}
    insert_raw(store, [{"id": "s9999", "text": "Ny synpunkt från Erik."}])
    new = anonymize(store, settings=settings, run_id="run-c", anonymizer=anonymizer)
    assert new.counts["submissions"] == 1
    assert store.scalar("SELECT count(*) FROM submissions") == 6
    assert store.scalar("SELECT count(*) FROM pii_findings WHERE run_id = 'run-a'") == 6


def test_raw_text_never_in_logs_results_or_errors(store, settings, anonymizer, caplog):
    _seed(store)
    caplog.set_level(logging.DEBUG)
    result = anonymize(store, settings=settings, run_id="run-a", anonymizer=anonymizer)
    dumped = repr(result) + result.summary() + caplog.text
    for canary in (CANARY_NAME, CANARY_PNR, CANARY_MAIL, "Lindqvist", "765 43 21"):
        assert canary not in dumped


class _LeakyNames:
    def detect_many(self, texts):
        raise ValueError(f"cannot parse {texts[0]!r}")


def test_a_failing_detector_does_not_leak_text_in_the_exception(store, settings, caplog):
    from pipeline.anonymize.engine import build_anonymizer

    _seed(store)
    with pytest.raises(RuntimeError) as info:
        anonymize(store, settings=settings, run_id="run-x", anonymizer=build_anonymizer(_LeakyNames()))
    assert "ValueError" in str(info.value)
    assert CANARY_NAME not in str(info.value) and info.value.__cause__ is None and info.value.__suppress_context__
    assert CANARY_NAME not in caplog.text
    assert store.scalar("SELECT count(*) FROM submissions") == 0


def test_missing_name_model_is_a_config_error(store, settings, tmp_path):
    _seed(store)
    settings.models_dir = tmp_path / "no-models"
    with pytest.raises(ConfigError, match="name model|NER model|ner-sv"):
        anonymize(store, settings=settings, run_id="run-a")


def test_raw_table_stays_restricted(store):
    with pytest.raises(RestrictedTableError):
        store.fetchall("SELECT text FROM submissions_raw")
