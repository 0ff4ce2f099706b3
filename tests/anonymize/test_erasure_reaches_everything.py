"""Issue 12: erasure reaches everything derived, and the audit chain still verifies afterwards.

A resident's e-mail is quoted in an approved summary, in an official's edited text and response,
in review-event payloads and in report exports. After ``lyhord erase --contact`` nothing of it
is left in any table, column or export written afterwards, and ``lyhord audit verify`` passes.
"""

from __future__ import annotations

import json

import pytest
from anon_helpers import insert_raw
from erasure_search import export_hits, person_needles, store_hits, write_exports
from typer.testing import CliRunner

from pipeline.anonymize import anonymize
from pipeline.cli import app
from pipeline.review import approve, edit, get_theme, respond

runner = CliRunner()
DIALOGUE = "vasteras-demo"
CYCLING, PARKS = f"{DIALOGUE}/cycling", f"{DIALOGUE}/parks_green"
MAIL = "fatima.hassan@example.se"
PHONE = "070-765 43 21"
FATIMA = (
    "Hej!\n\nCykelbanan längs Kopparbergsvägen är livsfarlig vid viadukten på morgnarna. "
    f"Min dotter har nästan blivit påkörd två gånger. Ring mig gärna på {PHONE}.\n\n"
    "Med vänliga hälsningar,\nFatima Hassan"
)
FRAGMENT = "Cykelbanan längs Kopparbergsvägen är livsfarlig vid viadukten på morgnarna."
OTHERS = [
    ("cyk-1", CYCLING, "Hej! Det behövs en sammanhängande cykelväg mellan Centrum och Skultuna."),
    ("cyk-2", CYCLING, "Cykelparkeringen vid resecentrum är alltid full, bygg fler platser."),
    ("cyk-3", CYCLING, "Med vänliga hälsningar. Snöröj cykelbanorna innan bilvägarna, tack."),
    ("park-1", PARKS, "Låt en del av Rudbecksparken vara ängsmark, allt behöver inte klippas."),
    ("park-2", PARKS, "Fler bänkar och papperskorgar i Vasaparken skulle göra stor skillnad."),
    ("park-3", PARKS, "Lekplatsen i Bäckby är trasig sedan i våras och behöver lagas."),
]


@pytest.fixture
def quoted_everywhere(store, settings, anonymizer, tmp_path):
    """Fatima's e-mail quoted in a summary, an edited text, a response, events and exports."""
    store.execute("INSERT INTO dialogues (id, title) VALUES (?, 'Västerås demo')", [DIALOGUE])
    insert_raw(
        store,
        [
            {
                "id": "s-fatima",
                "dialogue_id": DIALOGUE,
                "channel": "email",
                "text": FATIMA,
                "contact_name": "Fatima Hassan",
                "contact_email": MAIL,
                "district": "Viksäng",
            }
        ]
        + [{"id": sid, "dialogue_id": DIALOGUE, "text": text} for sid, _, text in OTHERS],
    )
    anonymize(store, settings=settings, run_id="an-1", anonymizer=anonymizer)
    store.execute("INSERT INTO theme_runs (id, dialogue_id, kind) VALUES ('tr-1', ?, 'fit')", [DIALOGUE])
    for theme_id, label in ((CYCLING, "Cykling"), (PARKS, "Parker och grönområden")):
        store.execute(
            "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, scheme_id) "
            "VALUES (?, ?, 'tr-1', ?, ['cykel'], 'scheme', ?)",
            [theme_id, DIALOGUE, label, theme_id.split("/")[1]],
        )
    members = [("s-fatima", CYCLING)] + [(sid, theme) for sid, theme, _ in OTHERS]
    store.executemany(
        "INSERT INTO theme_assignments (submission_id, dialogue_id, theme_id, score, theme_run_id) "
        f"VALUES (?, '{DIALOGUE}', ?, 0.9, 'tr-1')",
        members,
    )
    from pipeline.summaries import summarize

    summarize(store, settings=settings, run_id="sum-1")
    approve(store, CYCLING, actor="anna")
    approve(store, PARKS, actor="anna")
    before = write_exports(store, DIALOGUE, tmp_path / "before")
    edit(store, CYCLING, f"Boende vill ha säkrare cykelvägar.\n\nEn boende skriver: ”{FRAGMENT}”", actor="bo")
    respond(store, CYCLING, f"Vi ser över viadukten.\n\nSom en boende skrev: ”{FRAGMENT}”", actor="anna")
    respond(store, PARKS, "Parkerna sköts enligt plan.", actor="anna")
    return before


def _needles(store):
    with store.raw_access("test: what Fatima wrote"):
        person = store.records("SELECT * FROM submissions_raw WHERE id = 's-fatima'")
        others = [r[0] for r in store.fetchall("SELECT text FROM submissions_raw WHERE id <> 's-fatima'")]
    anonymized = store.fetchall("SELECT text FROM submissions WHERE id = 's-fatima'")[0]
    others += [r[0] for r in store.fetchall("SELECT text FROM submissions WHERE id <> 's-fatima'")]
    return person_needles(person, anonymized, others)


def test_erasing_a_contact_leaves_nothing_and_the_chain_verifies(store, settings, quoted_everywhere, tmp_path):
    needles = _needles(store)
    assert {FRAGMENT, "Fatima Hassan", MAIL} <= set(needles)
    # The person's words really were in every derived place before erasure.
    approved = get_theme(store, CYCLING)["summary"]
    assert any("s-fatima" in s["citations"] for s in approved["sentences"])
    assert FRAGMENT in json.dumps(approved, ensure_ascii=False, default=str)  # quoted in a point or theme quote
    places = {hit.split(":")[0] for hit in store_hits(store, needles)}
    assert {"theme_reviews.edited_text", "theme_reviews.response", "review_events.after"} <= places
    assert {"submissions.text", "submissions_raw.text"} <= places
    assert {"theme_summaries.sentences", "theme_summaries.quotes"} & places
    assert {h.split(":")[0] for h in export_hits(quoted_everywhere, needles)} >= {"html", "json", "xlsx", "docx"}

    erased = runner.invoke(app, ["--db", str(settings.db_path), "erase", "--contact", MAIL.upper()])
    assert erased.exit_code == 0, erased.output
    assert MAIL not in erased.output.lower()

    assert store_hits(store, needles) == []
    assert export_hits(write_exports(store, DIALOGUE, tmp_path / "after"), needles) == []
    verified = runner.invoke(app, ["--db", str(settings.db_path), "audit", "verify"])
    assert verified.exit_code == 0, verified.output


def test_erasure_keeps_the_officials_own_words_and_records_counts_only(store, settings, quoted_everywhere):
    runner.invoke(app, ["--db", str(settings.db_path), "erase", "--contact", PHONE])
    review = store.records("SELECT * FROM theme_reviews WHERE theme_id = ?", [CYCLING])[0]
    assert review["edited_text"] == "Boende vill ha säkrare cykelvägar."
    assert review["response"] == "Vi ser över viadukten."
    assert review["status"] == "draft" and "raderats" in review["needs_rereview"]
    assert store.scalar("SELECT response FROM theme_reviews WHERE theme_id = ?", [PARKS]) == (
        "Parkerna sköts enligt plan."
    )
    erase = store.records("SELECT actor, dialogue_id, theme_id, after FROM review_events WHERE action = 'erase'")
    assert len(erase) == 1 and erase[0]["dialogue_id"] is None and erase[0]["theme_id"] is None
    counts = json.loads(erase[0]["after"])
    assert counts == {"kind": "contact", "submissions": 1, "summaries": 1, "reviews": 1, "events_redacted": 2}
    redacted = store.records("SELECT action, before, after FROM review_events WHERE redacted_at IS NOT NULL")
    assert [r["action"] for r in redacted] == ["edit", "respond"]
    assert all(r["before"] is None and json.loads(r["after"]) == {"redacted": "erasure"} for r in redacted)


def test_web_page_cache_sees_the_erasure(store, settings, quoted_everywhere):
    """The web app's page cache empties when the chain head moves; an erasure always moves it."""
    from pipeline.anonymize import erase_contact
    from pipeline.web.cache import data_version

    version = data_version(store)
    erase_contact(store, "nobody@example.se", actor="dpo")  # even an erasure that matched nothing
    assert data_version(store) != version


def _demo_resident(store) -> tuple[str, str, str]:
    """Pick a demo e-mail sender quoted in an approved summary whose quote, name and address are theirs alone.

    Returns:
        ``(theme id, quoted text, e-mail address)``.
    """
    rows = store.records(
        "SELECT r.theme_id, s.quotes FROM theme_reviews r JOIN theme_summaries s ON s.id = r.summary_id "
        "WHERE r.status = 'approved' ORDER BY r.theme_id"
    )
    with store.raw_access("test: pick a demo resident"):
        raw = store.records("SELECT id, channel, text, contact_name, contact_email FROM submissions_raw")
    texts = dict(store.fetchall("SELECT id, text FROM submissions"))
    by_id = {r["id"]: r for r in raw}
    for row in rows:
        for quote in json.loads(row["quotes"]):
            person = by_id[quote["submission_id"]]
            if person["channel"] != "email" or not person["contact_email"] or len(person["contact_name"].split()) < 2:
                continue
            others = [r for r in raw if r["contact_email"] != person["contact_email"]]
            if not any(
                quote["text"] in (texts.get(r["id"]) or "")
                or person["contact_name"] in (r["text"] or "") + (r["contact_name"] or "")
                or person["contact_email"] in (r["text"] or "")
                for r in others
            ):
                return row["theme_id"], quote["text"], person["contact_email"]
    raise AssertionError("the demo store has no e-mail sender quoted alone in an approved summary")


@pytest.mark.slow
def test_erasure_on_the_demo_store_leaves_nothing(demo_copy, tmp_path):
    """On a store built by ``lyhord demo``: an e-mail sender quoted in an approved summary is erased."""
    from pipeline.settings import Settings
    from pipeline.store import Store

    settings = Settings(db_path=demo_copy, data_dir=demo_copy.parent / "data")
    with Store.open(settings) as store:
        theme_id, quote, email = _demo_resident(store)
        assert "/" in theme_id
        edit(store, theme_id, f"Tjänstepersonens sammanfattning.\n\nEn boende skriver: ”{quote}”", actor="official")
        respond(store, theme_id, f"Vi tar med detta.\n\nSom en boende skrev: ”{quote}”", actor="official")
        with store.raw_access("test: what the resident wrote"):
            person = store.records("SELECT * FROM submissions_raw WHERE contact_email = ?", [email])
            others = [
                r[0]
                for r in store.fetchall(
                    "SELECT text FROM submissions_raw WHERE contact_email IS DISTINCT FROM ?", [email]
                )
            ]
        ids = [p["id"] for p in person]
        anonymized = [r[0] for r in store.fetchall("SELECT text FROM submissions WHERE list_contains(?, id)", [ids])]
        others += [r[0] for r in store.fetchall("SELECT text FROM submissions WHERE NOT list_contains(?, id)", [ids])]
        needles = person_needles(person, anonymized, others)
        # A quote is a cleaned statement: a verbatim part of one of their sentences
        # ("Dessutom: Mer evenemang …" is quoted as "Mer evenemang …"); it must go too.
        assert any(quote in needle for needle in needles) and email in needles
        needles = sorted({*needles, quote})
        places = {hit.split(":")[0] for hit in store_hits(store, needles)}
        assert {"theme_summaries.quotes", "theme_reviews.edited_text", "review_events.after"} <= places
        before = write_exports(store, "vasteras-demo", tmp_path / "before")
        assert {h.split(":")[0] for h in export_hits(before, needles)} >= {"html", "json", "xlsx", "docx"}

        erased = runner.invoke(app, ["--db", str(demo_copy), "erase", "--contact", email])
        assert erased.exit_code == 0, erased.output

        assert store_hits(store, needles) == []
        assert export_hits(write_exports(store, "vasteras-demo", tmp_path / "after"), needles) == []
    verified = runner.invoke(app, ["--db", str(demo_copy), "audit", "verify"])
    assert verified.exit_code == 0, verified.output
