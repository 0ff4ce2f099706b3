"""The *Körningar* page says each run's counts in words, Swedish first (issue 11)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.web.i18n import format_run_counts

NIGHTLY = {
    "ingest": {"accepted": 40, "duplicates": 0, "rejected": 2, "skipped_empty": 0, "files": 1, "already_seen": 0},
    "anonymize": {"submissions": 40, "findings": 3, "skipped": 0, "found_person": 2, "found_email": 1},
    "themes": {"dialogues": 1, "submissions": 40, "embedded": 40, "assigned": 40, "fitted": 0, "other": 1},
    "summarize": {"themes": 15, "summarized": 3, "unchanged": 12, "unverified": 0, "rereview": 1, "points": 46},
    "retention": {"purged": 0},
}


@pytest.mark.parametrize(
    "counts,lang,expected",
    [
        ({"accepted": 40, "duplicates": 0, "rejected": 2, "files": 1}, "sv", ["40 nya, 2 avvisade, 1 fil"]),
        ({"accepted": 40, "duplicates": 0, "rejected": 2, "files": 1}, "en", ["40 new, 2 rejected, 1 file"]),
        ({"accepted": 1, "duplicates": 3, "files": 2}, "sv", ["1 ny, 3 dubbletter, 2 filer"]),
        ({"accepted": 12345}, "sv", ["12\u00a0345 nya"]),
        ({"accepted": 0, "files": 0}, "sv", ["inget"]),
        ({"accepted": 0, "files": 0}, "en", ["nothing"]),
        ({}, "sv", []),
        (None, "sv", []),
        ({"new_key_7": 4, "note": "x"}, "sv", ["new key 7: 4, note: x"]),
    ],
)
def test_flat_counts_in_words(counts, lang, expected):
    assert format_run_counts(counts, lang) == expected


def test_nightly_counts_one_line_per_stage_in_swedish():
    assert format_run_counts(NIGHTLY, "sv") == [
        "Inläsning: 40 nya, 2 avvisade, 1 fil",
        "Anonymisering: anonymiserade 40, 3 personuppgifter (2 namn, 1 e-postadress)",
        "Teman: 1 dialog, 40 synpunkter, 40 vektoriserade, 40 till befintliga teman, 1 i Övrigt",
        "Sammanfattningar: 15 teman, 3 sammanfattade, 12 oförändrade, 1 behöver granskas igen, 46 punkter",
        "Gallring: inget",
    ]


def test_nightly_counts_in_english():
    lines = format_run_counts(NIGHTLY, "en")
    assert lines[0] == "Ingest: 40 new, 2 rejected, 1 file"
    assert lines[1] == "Anonymization: 40 anonymized, 3 personal details (2 names, 1 e-mail address)"
    assert lines[-1] == "Retention: nothing"


def test_runs_page_shows_counts_in_words(as_role, client, web_settings):
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        store.execute(
            "INSERT INTO pipeline_runs (id, flow, dialogue_id, actor, started_at, finished_at, status, counts) "
            "VALUES ('run-words', 'nightly', 'cykelplan', 'system', ?, ?, 'completed', ?)",
            [dt.datetime(2026, 8, 2, 2), dt.datetime(2026, 8, 2, 2, 5), json.dumps(NIGHTLY)],
        )
    as_role("analyst")
    page = client.get("/runs").text
    assert "<li>Anonymisering: anonymiserade 40, 3 personuppgifter (2 namn, 1 e-postadress)</li>" in page
    assert "{&#39;" not in page and "{'" not in page and '{"' not in page
    # the real store showed the code "nightly" and "points: 464" among Swedish words
    assert '<th scope="row">Nattflöde</th>' in page and "46 punkter" in page and "points" not in page
    assert "<li>Ingest: 40 new, 2 rejected, 1 file</li>" in client.get("/runs?lang=en").text
