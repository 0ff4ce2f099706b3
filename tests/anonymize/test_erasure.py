"""Erasure (GDPR art. 17) and the retention purge; issue 3."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import pytest
from anon_helpers import insert_raw

from pipeline.anonymize import anonymize, erase_contact, erase_submission, purge_expired
from pipeline.errors import InputError, NotFoundError

MAIL = "karin.lindqvist@example.se"


@pytest.fixture
def seeded(store, settings, anonymizer):
    insert_raw(
        store,
        [
            {"id": "a", "text": "Bänkar i parken, tack.", "contact_email": MAIL, "contact_name": "Karin Lindqvist"},
            {"id": "b", "text": f"Skriv till {MAIL} om svar.", "lon": 16.5, "lat": 59.6},
            {"id": "c", "text": "Ring 070-765 43 21 om bussen.", "extra": json.dumps({"age": "70"})},
            {"id": "d", "text": "Bänkar i parken, tack.", "contact_phone": "+46 70 765 43 21"},
            {"id": "e", "text": "Bänkar i parken, tack."},
            {"id": "f", "text": f"Skriv till x{MAIL} i stället."},
        ],
    )
    anonymize(store, settings=settings, run_id="run-1", anonymizer=anonymizer)
    hashes = {r[0]: r[1] for r in store.fetchall("SELECT id, text_hash FROM submissions")}
    for sid in "abcde":
        store.execute(
            "INSERT INTO theme_assignments (submission_id, dialogue_id, theme_id, theme_run_id) "
            "VALUES (?, 'd1', 't1', 'tr')",
            [sid],
        )
    for h in set(hashes.values()):
        store.execute("INSERT INTO embeddings (text_hash, model, vector) VALUES (?, 'm@1', [0.1, 0.2])", [h])
    store.execute(
        "INSERT INTO themes (id, dialogue_id, theme_run_id, label, origin, representative_ids) "
        "VALUES ('t1', 'd1', 'tr', 'Parker', 'discovered', ['a', 'c', 'e'])"
    )
    store.execute(
        "INSERT INTO theme_summaries (id, theme_id, dialogue_id, version, method, sentences, quotes, verified) "
        "VALUES ('sum1', 't1', 'd1', 1, 'extractive.v1', ?, ?, true)",
        [
            json.dumps([{"text": "Fler bänkar.", "citations": ["a", "e"]}, {"text": "Ring.", "citations": ["c"]}]),
            json.dumps(
                [
                    {"text": "Bänkar i parken, tack.", "submission_id": "a"},
                    {"text": "Ring [TELEFON] om bussen.", "submission_id": "c"},
                ]
            ),
        ],
    )
    return hashes


def _raw(store, sid):
    with store.raw_access("test: check"):
        return store.records("SELECT * FROM submissions_raw WHERE id = ?", [sid])[0]


def _gone(store, sid):
    return not any(
        store.scalar(f"SELECT count(*) FROM {table} WHERE {col} = ?", [sid])
        for table, col in (
            ("submissions", "id"),
            ("pii_findings", "submission_id"),
            ("theme_assignments", "submission_id"),
        )
    )


def test_erase_submission_removes_raw_and_derived_rows(store, seeded, caplog):
    caplog.set_level(logging.DEBUG)
    assert erase_submission(store, "c", actor="dpo") == 1
    raw = _raw(store, "c")
    assert raw["text"] is None and raw["extra"] is None and raw["purged_at"] is not None
    assert _gone(store, "c")
    # "c" had its own text hash; "a", "d" and "e" share one that stays in use.
    assert store.scalar("SELECT count(*) FROM embeddings WHERE text_hash = ?", [seeded["c"]]) == 0
    assert store.scalar("SELECT count(*) FROM embeddings WHERE text_hash = ?", [seeded["a"]]) == 1
    # The themes table is the themes stage's alone: erasure leaves its ids (no text) for the next run.
    assert store.scalar("SELECT count(*) FROM theme_members WHERE submission_id = 'c'") == 0
    summary = store.records("SELECT sentences, quotes FROM theme_summaries")[0]
    assert [s["text"] for s in json.loads(summary["sentences"])] == ["Fler bänkar."]
    assert [q["submission_id"] for q in json.loads(summary["quotes"])] == ["a"]
    log = store.records("SELECT * FROM erasures")
    assert [(e["actor"], e["kind"], e["submissions"]) for e in log] == [("dpo", "submission", 1)]
    assert "765" not in caplog.text


def test_erase_contact_by_email_finds_contact_field_and_text(store, seeded):
    assert erase_contact(store, MAIL.upper(), actor="dpo") == 2
    assert _gone(store, "a") and _gone(store, "b")
    assert _raw(store, "a")["contact_email"] is None and _raw(store, "a")["contact_name"] is None
    assert _raw(store, "b")["lon"] is None
    assert not _gone(store, "e")
    log = store.records("SELECT * FROM erasures")
    assert [(e["kind"], e["submissions"]) for e in log] == [("contact", 2)]
    assert MAIL not in json.dumps(log, default=str).lower()


def test_erase_contact_by_phone_in_any_format(store, seeded):
    assert erase_contact(store, "0707654321", actor="dpo") == 2
    assert _gone(store, "c") and _gone(store, "d") and not _gone(store, "a")


def test_erase_contact_rejects_other_values_without_quoting_them(store, seeded):
    with pytest.raises(InputError) as info:
        erase_contact(store, "Karin Lindqvist", actor="dpo")
    assert "Karin" not in str(info.value)


def test_erase_unknown_submission(store, seeded):
    with pytest.raises(NotFoundError, match="nope"):
        erase_submission(store, "nope", actor="dpo")


def test_erased_submission_is_not_anonymized_again(store, settings, seeded, anonymizer):
    erase_submission(store, "a", actor="dpo")
    result = anonymize(store, settings=settings, run_id="run-2", anonymizer=anonymizer)
    assert result.counts["submissions"] == 0 and _gone(store, "a")


def test_retention_purges_old_raw_text_and_keeps_anonymized_rows(store, settings, anonymizer):
    now = datetime(2026, 6, 1)
    insert_raw(
        store,
        [
            {
                "id": "old",
                "text": "Gammal synpunkt från Erik.",
                "contact_email": MAIL,
                "received_at": now - timedelta(days=400),
            },
            {"id": "new", "text": "Ny synpunkt.", "contact_email": MAIL, "received_at": now - timedelta(days=10)},
        ],
    )
    anonymize(store, settings=settings, run_id="run-1", anonymizer=anonymizer)
    assert purge_expired(store, settings=settings, run_id="r").counts == {"purged": 0}  # unset: no-op
    settings.retention_days = 365
    result = purge_expired(store, settings=settings, run_id="r", now=now)
    assert result.counts["purged"] == 1 and result.counts["purged_not_anonymized"] == 0
    old, new = _raw(store, "old"), _raw(store, "new")
    assert old["text"] is None and old["contact_email"] is None and old["purged_at"] is not None
    assert new["text"] == "Ny synpunkt." and new["contact_email"] == MAIL
    assert store.scalar("SELECT text FROM submissions WHERE id = 'old'") == "Gammal synpunkt från [NAMN 1]."
    assert store.records("SELECT kind, submissions FROM erasures") == [{"kind": "retention", "submissions": 1}]
    again = purge_expired(store, settings=settings, run_id="r2", now=now)
    assert again.counts["purged"] == 0


def test_erasing_the_quoted_submission_drops_the_sentence_even_with_other_citations(store, seeded):
    # Summary sentences quote their first citation verbatim: "a" is quoted by "Fler bänkar."
    erase_submission(store, "a", actor="dpo")
    summary = store.records("SELECT sentences FROM theme_summaries")[0]
    assert [s["text"] for s in json.loads(summary["sentences"])] == ["Ring."]


def test_retention_also_purges_old_quarantined_input(store, settings):
    import os

    folder = settings.data_dir / "quarantine" / "run-x"
    folder.mkdir(parents=True)
    old, fresh = folder / "old.csv", folder / "fresh.csv"
    old.write_text("Rå text med personnummer 19121212-1212", encoding="utf-8")
    fresh.write_text("Ny rå text", encoding="utf-8")
    ancient = datetime(2020, 1, 1).timestamp()
    os.utime(old, (ancient, ancient))
    settings.retention_days = 30
    result = purge_expired(store, settings=settings, run_id="r")
    assert result.counts["quarantine_files_purged"] == 1
    assert not old.exists() and fresh.exists()


def test_erasure_drops_edited_paragraphs_that_quote_only_erased_text(store, seeded):
    from pipeline.review.audit import verify_audit

    edited = 'Boende skriver "Ring [TELEFON] om bussen".\n\nMånga vill ha "Bänkar i parken, tack."'
    store.execute(
        "INSERT INTO theme_reviews (theme_id, dialogue_id, status, edited_text) VALUES ('t1', 'd1', 'edited', ?)",
        [edited],
    )
    erase_submission(store, "a", actor="dpo")  # "e" still says the same words: the quote stays
    assert store.scalar("SELECT edited_text FROM theme_reviews") == edited
    erase_submission(store, "c", actor="dpo")  # only "c" said this
    row = store.records("SELECT edited_text, status, needs_rereview FROM theme_reviews")[0]
    assert row["edited_text"] == 'Många vill ha "Bänkar i parken, tack."'
    assert row["status"] == "draft" and "raderats" in row["needs_rereview"]
    events = store.records("SELECT action, before, after FROM review_events ORDER BY seq")
    assert [e["action"] for e in events] == ["erase", "erasure.scrub", "erase"]
    assert "bussen" not in json.dumps(events, default=str)
    assert verify_audit(store).ok


def test_erasing_an_address_also_erases_the_same_senders_sms(store, settings, anonymizer):
    """One person wrote by e-mail (with a phone in the signature field) and by SMS from that phone."""
    insert_raw(
        store,
        [
            {
                "id": "mejl-1",
                "channel": "email",
                "text": "Hej! Belysningen vid Bäckby centrum är trasig. Mvh Samira",
                "contact_email": "samira.ali@example.se",
                "contact_phone": "070-111 22 33",
            },
            {
                "id": "sms-1",
                "channel": "sms",
                "text": "mörkt vid busshållplatsen igen",
                "contact_phone": "+46701112233",
            },
            {
                "id": "sms-2",
                "channel": "sms",
                "text": "plogning behövs på Vallbyvägen",
                "contact_phone": "+46709998877",
            },
        ],
    )
    anonymize(store, settings=settings, run_id="run-1", anonymizer=anonymizer)
    assert erase_contact(store, "samira.ali@example.se", actor="dpo") == 2
    left = {r[0] for r in store.fetchall("SELECT id FROM submissions")}
    assert left == {"sms-2"}
