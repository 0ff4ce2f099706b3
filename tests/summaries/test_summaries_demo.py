"""Issue 13 acceptance on a store built by ``lyhord demo``: clean points that are claims, quotes that add.

The summaries stage runs on a copy of the demo store (e-mails with greetings, signatures and
quoted replies, SMS, map pins, meeting notes and surveys, in Swedish, English, Arabic, Somali
and Finnish). The patterns below are written independently of the cleaning rules, so a rule
that is lost or loosened shows here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.summaries import summarize, verify_summary
from pipeline.summaries.clean import clean_statements
from pipeline.summaries.features import find_evidence, near_duplicate
from pipeline.summaries.labels import is_quote, word_count

pytestmark = pytest.mark.slow

NOISE = {
    "greeting": re.compile(r"^\s*(?:hej\b|hallå|god (?:morgon|dag)|hello\b|hi\b|dear\b|مرحب|salaan\b|hei\b)", re.I),
    "sign-off": re.compile(
        r"med vänliga? hälsning|\bmvh\b|^\s*hälsningar|skickat från min|best regards|\bregards\b|مع التحية|"
        r"^\s*mahadsanid|nabad gelyo|terveisin|ha en fin dag|det var allt från mig|tack (?:för att ni|på förhand)",
        re.I,
    ),
    "lead-in": re.compile(
        r"^\s*(?:här\s*[:.]|just här|på den här platsen|vid den här punkten|här vid [^:]{1,40}:|fråga från publiken|"
        r"synpunkt:|en deltagare:|flera deltagare|en förälder tog upp|en ungdom:|dessutom:|en sak till:|"
        r"och en annan sak|sen vill jag också)",
        re.I,
    ),
    "placeholder": re.compile(r"\[(?:NAMN \d+|PERSONNUMMER|TELEFON|E-POST|ADRESS|REGNR)\]"),
    "contentless": re.compile(
        r"^\s*(?:jag vill lämna en synpunkt|bra att ni gör den här dialogen|vet inte riktigt)", re.IGNORECASE
    ),
}
KINDS = {"förslag", "problem", "beröm", "kritik", "fråga"}
NEAR_DUPLICATE = 0.8  # token-set Jaccard at which two shown items say the same thing


@pytest.fixture(scope="module")
def summarized(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("demo-summaries")
    shutil.copytree(demo_store.parent, root / "store", ignore=shutil.ignore_patterns("prefect"))
    db = root / "store" / demo_store.name
    settings = Settings(db_path=db, data_dir=db.parent / "data")
    with Store.open(settings) as store:
        result = summarize(store, settings=settings, run_id="issue-13")
        rows = store.records(
            "SELECT s.* FROM theme_summaries s JOIN (SELECT theme_id, max(version) AS v FROM theme_summaries "
            "GROUP BY theme_id) l ON l.theme_id = s.theme_id AND l.v = s.version ORDER BY s.theme_id"
        )
        for row in rows:
            for col in ("sentences", "quotes", "stats", "params"):
                row[col] = json.loads(row[col])
            row["rechecked"] = verify_summary(store, row["sentences"], row["quotes"])["ok"]
        members: dict[str, list[str]] = {}
        for theme_id, text in store.fetchall(
            "SELECT a.theme_id, s.text FROM theme_members a JOIN submissions s ON s.id = a.submission_id"
        ):
            members.setdefault(theme_id, []).append(text)
    statements = [s.text for texts in members.values() for t in texts for s in clean_statements(t)]
    base_rate = sum(find_evidence(s).flag for s in statements) / len(statements)
    return {"result": result, "rows": rows, "members": members, "evidence_base_rate": base_rate}


def _shown(row: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every item a reader sees: point labels, point quotes and theme quotes."""
    items = []
    for point in row["sentences"]:
        if point.get("label"):
            items.append(("label", point["label"], point))
        items.extend(("point quote", q["text"], q) for q in point.get("quotes") or [])
    items.extend(("theme quote", q["text"], q) for q in row["quotes"])
    return items


def test_every_summary_is_new_and_verified(summarized):
    assert summarized["result"].counts["unverified"] == 0
    for row in summarized["rows"]:
        assert row["method"] == "extractive.v2" and row["verified"] and row["rechecked"], row["theme_id"]


def test_no_point_or_quote_is_a_greeting_sign_off_lead_in_or_placeholder(summarized):
    noise = [
        (row["theme_id"], what, name, text[:60])
        for row in summarized["rows"]
        for what, text, _ in _shown(row)
        for name, pattern in NOISE.items()
        if pattern.search(text)
    ]
    assert noise == []


def test_every_point_is_a_claim_with_kind_position_and_n(summarized):
    for row in summarized["rows"]:
        texts = summarized["members"][row["theme_id"]]
        points = [p for p in row["sentences"] if not p.get("remainder")]
        assert points, row["theme_id"]
        for point in points:
            label = point["label"]
            assert 3 <= word_count(label) <= 15, label
            assert not is_quote(label, texts), label  # not one submission's words
            assert point["kind"] in KINDS and point["position"] in {"för", "emot", "oklar"}
            assert point["n"] >= 1 and point["n"] == len(point["citations"])
        remainder = row["stats"]["remainder"]["n"]
        assert sum(p["n"] for p in points) + remainder == row["stats"]["count"]


def test_near_duplicates_among_shown_items_are_rare(summarized):
    shown = duplicates = 0
    for row in summarized["rows"]:
        seen: list[str] = []
        for _, text, _ in _shown(row):
            shown += 1
            duplicates += any(near_duplicate(text, other, NEAR_DUPLICATE) for other in seen)
            seen.append(text)
    assert shown and duplicates / shown <= 0.05


def test_every_shown_quote_has_a_language_and_an_evidence_flag(summarized):
    quotes = [item for row in summarized["rows"] for what, _, item in _shown(row) if what != "label"]
    assert quotes
    assert all(q["language"] and isinstance(q["evidence"], bool) for q in quotes)
    assert {q["language"] for q in quotes} - {"sv"}, "other languages are quoted in their own language"
    # Specific quotes are preferred: more of the shown quotes are evidence-rich than of all statements.
    assert sum(q["evidence"] for q in quotes) / len(quotes) > summarized["evidence_base_rate"] + 0.05
