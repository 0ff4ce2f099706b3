"""An official hides a name the anonymizer missed: it leaves the text, every summary and the audit payloads.

On a copy of the store ``lyhord demo`` built. The name stands in a quoted submission (as it does when the
anonymizer missed it before the summary was written), in an official's response and so in the audit chain.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pipeline.errors import InputError, NotFoundError
from pipeline.review import approve, respond, verify_audit
from pipeline.review.hide import DETECTOR, REREVIEW_REASON, hide, hide_in
from pipeline.review.state import latest_summary
from pipeline.settings import Settings
from pipeline.store import Store

pytestmark = pytest.mark.slow
DIALOGUE = "vasteras-demo"
NAME = "Rezhna Karimi"


def _open(db: Path) -> Store:
    return Store.open(Settings(db_path=db, data_dir=db.parent / "data"))


def _plant(store: Store) -> tuple[str, str]:
    """Put NAME into a quoted submission (text, raw text and the stored quote) of an approved theme."""
    theme_id = next(
        r[0]
        for r in store.fetchall("SELECT theme_id FROM theme_reviews WHERE dialogue_id = ? ORDER BY 1", [DIALOGUE])
        if "/" in r[0] and (latest_summary(store, r[0]) or {}).get("quotes")
    )
    summary = latest_summary(store, theme_id)
    quote = summary["quotes"][0]
    sid = quote["submission_id"]
    text = store.scalar("SELECT text FROM submissions WHERE id = ?", [sid])
    assert quote["text"] in text
    planted = f"{NAME} här. {quote['text']}"
    with store.raw_access("test: plant a missed name"), store.transaction():
        store.execute("UPDATE submissions SET text = replace(text, ?, ?) WHERE id = ?", [quote["text"], planted, sid])
        store.execute("UPDATE submissions_raw SET text = ? || text WHERE id = ?", [f"{NAME} här. ", sid])
        quotes = [{**q, "text": planted} if q is quote else q for q in summary["quotes"]]
        store.execute(
            "UPDATE theme_summaries SET quotes = ? WHERE id = ?",
            [json.dumps(quotes, ensure_ascii=False), summary["id"]],
        )
    return theme_id, sid


def _everywhere(store: Store, needle: str) -> dict[str, int]:
    low = needle.lower()
    return {
        "submissions": store.scalar("SELECT count(*) FROM submissions WHERE contains(lower(text), ?)", [low]),
        "summaries": store.scalar(
            "SELECT count(*) FROM theme_summaries WHERE contains(lower(CAST(quotes AS VARCHAR)), ?) "
            "OR contains(lower(CAST(sentences AS VARCHAR)), ?)",
            [low, low],
        ),
        "reviews": store.scalar(
            "SELECT count(*) FROM theme_reviews WHERE contains(lower(coalesce(response, '')), ?)", [low]
        ),
        "events": store.scalar(
            "SELECT count(*) FROM review_events WHERE contains(lower(coalesce(CAST(before AS VARCHAR), '') "
            "|| coalesce(CAST(after AS VARCHAR), '')), ?)",
            [low],
        ),
    }


def test_hidden_name_leaves_text_summaries_reviews_and_audit(demo_copy: Path, caplog):
    caplog.set_level(logging.DEBUG)
    with _open(demo_copy) as store:
        theme_id, sid = _plant(store)
        approve(store, theme_id, actor="anna")
        respond(store, theme_id, f"Vi har ringt {NAME} om saken.\n\nVi bygger om hållplatsen 2027.", actor="anna")
        before = _everywhere(store, "Rezhna")
        assert before["submissions"] == 1 and before["summaries"] >= 1
        assert before["reviews"] == 1 and before["events"] >= 1
        version = latest_summary(store, theme_id)["version"]

        done = hide_in(store, [sid], "rezhna  karimi", kind="namn", actor="anna")

        assert done == {"submissions": 1, "occurrences": 1, "themes": [theme_id]}
        assert _everywhere(store, "Rezhna") == {"submissions": 0, "summaries": 0, "reviews": 0, "events": 0}
        text = store.scalar("SELECT text FROM submissions WHERE id = ?", [sid])
        assert text.startswith("[NAMN ") and "] här." in text
        response = store.scalar("SELECT response FROM theme_reviews WHERE theme_id = ?", [theme_id])
        assert response == "Vi bygger om hållplatsen 2027."  # the other paragraph stays
        review = store.fetchone("SELECT status, needs_rereview FROM theme_reviews WHERE theme_id = ?", [theme_id])
        assert review == ("draft", REREVIEW_REASON)
        fresh = latest_summary(store, theme_id)
        assert fresh["version"] > version and fresh["verified"]
        event = store.records("SELECT actor, after FROM review_events WHERE action = 'hide'")[0]
        assert event["actor"] == "anna"
        assert json.loads(event["after"])["label"] == "PERSON" and json.loads(event["after"])["submission_id"] == sid
        with store.raw_access("test: findings"):
            raw = store.scalar("SELECT text FROM submissions_raw WHERE id = ?", [sid])
        start, end = store.fetchone("SELECT start_pos, end_pos FROM pii_findings WHERE detector = ?", [DETECTOR])
        assert raw[start:end] == NAME
        assert verify_audit(store).ok
    assert "rezhna" not in caplog.text.lower()


def test_hiding_refuses_what_it_cannot_do_and_changes_nothing(demo_copy: Path):
    with _open(demo_copy) as store:
        sid, text = store.fetchone(
            "SELECT id, text FROM submissions WHERE dialogue_id = ? AND text LIKE '%[NAMN 1]%' ORDER BY id LIMIT 1",
            [DIALOGUE],
        )
        events = store.scalar("SELECT count(*) FROM review_events")
        with pytest.raises(InputError, match="finns inte"):
            hide(store, sid, "Zlatan", actor="anna")
        with pytest.raises(InputError, match="redan dold"):
            hide(store, sid, "[NAMN 1]", actor="anna")
        with pytest.raises(InputError, match="okänt slag"):
            hide(store, sid, text.split()[0], kind="hemlighet", actor="anna")
        with pytest.raises(InputError, match="2–200"):
            hide(store, sid, " . ", actor="anna")
        with pytest.raises(NotFoundError):
            hide(store, "s-finns-inte", "Anna", actor="anna")
        with pytest.raises(InputError, match="markera"):
            hide_in(store, [], "Anna", kind="namn", actor="anna")
        assert store.scalar("SELECT text FROM submissions WHERE id = ?", [sid]) == text
        assert store.scalar("SELECT count(*) FROM review_events") == events


def test_a_second_name_gets_the_next_number_and_other_kinds_their_placeholder(demo_copy: Path):
    with _open(demo_copy) as store:
        sid = store.scalar(
            "SELECT id FROM submissions WHERE dialogue_id = ? AND text LIKE '%[NAMN 1]%' "
            "AND text NOT LIKE '%[NAMN 2]%' ORDER BY id LIMIT 1",
            [DIALOGUE],
        )
        with store.transaction():
            store.execute("UPDATE submissions SET text = text || ' Fråga Sirad på Bondegatan 7.' WHERE id = ?", [sid])
        hide(store, sid, "Sirad", kind="namn", actor="olga")
        hide(store, sid, "Bondegatan 7", kind="adress", actor="olga")
        assert store.scalar("SELECT text FROM submissions WHERE id = ?", [sid]).endswith(" Fråga [NAMN 2] på [ADRESS].")


def test_cli_hides_a_detail_read_from_stdin_also_through_the_running_service(demo_copy: Path):
    """Separate processes as an official runs them; the detail never goes on the command line."""
    import os
    import subprocess
    import sys

    from lyhord_processes import free_port, wait_for_health

    lyhord = str(Path(sys.executable).parent / "lyhord")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(LYHORD_DB=str(demo_copy), LYHORD_DATA_DIR=str(demo_copy.parent / "data"))
    env.update(PREFECT_HOME=str(demo_copy.parent / "prefect"))
    with _open(demo_copy) as store, store.transaction():
        first, second = (
            r[0]
            for r in store.fetchall(
                "SELECT id FROM submissions WHERE dialogue_id = ? AND channel = 'sms' ORDER BY id LIMIT 2", [DIALOGUE]
            )
        )
        store.execute("UPDATE submissions SET text = text || ' /aso rashid' WHERE id IN (?, ?)", [first, second])

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([lyhord, *args], env=env, input=stdin, capture_output=True, text=True, timeout=600)

    hide = ("review", "hide", "--kind", "namn", "--as", "anna")
    refused = cli(*hide, first, stdin="Aso Rashid\n")
    assert refused.returncode == 2 and refused.stderr.startswith("Fel:") and "--text-stdin" in refused.stderr
    done = cli(*hide, first, "--text-stdin", stdin="Aso Rashid\n")
    assert done.returncode == 0, done.stderr[-800:]
    assert "rashid" not in (done.stdout + done.stderr).casefold()

    port = free_port()
    with open(demo_copy.parent / "serve.log", "w") as log:
        proc = subprocess.Popen([lyhord, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_health(f"http://127.0.0.1:{port}", proc, demo_copy.parent / "serve.log")
            forwarded = cli(*hide, second, "--text-stdin", stdin="Aso Rashid")
            assert forwarded.returncode == 0, forwarded.stderr[-800:]
        finally:
            proc.terminate()
            proc.wait(timeout=120)
    assert "rashid" not in (demo_copy.parent / "serve.log").read_text(encoding="utf-8").casefold()
    with _open(demo_copy) as store:
        texts = dict(store.fetchall("SELECT id, text FROM submissions WHERE id IN (?, ?)", [first, second]))
        assert all("rashid" not in t.casefold() and " /[NAMN " in t for t in texts.values())
        assert [r[0] for r in store.fetchall("SELECT actor FROM review_events WHERE action = 'hide'")] == ["anna"] * 2
