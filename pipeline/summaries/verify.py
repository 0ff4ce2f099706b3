"""Citation verification: every quote must occur verbatim in a cited anonymized submission.

Checked: each sentence's citations exist, any ”quoted” fragment of its text is verbatim in
one of them, and each of a point's ``quotes`` (extractive.v2) is verbatim in its submission;
and each theme-level quote is verbatim in its submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.store import Store
from pipeline.summaries.text import quoted_fragments


def fetch_texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """Return anonymized ``submissions.text`` for ``ids`` (missing ids are left out)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = store.fetchall("SELECT id, text FROM submissions WHERE list_contains(?, id)", [wanted])
    return {r[0]: r[1] for r in rows}


def _check_sentence(i: int, sentence: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    failures = []
    citations = list(sentence.get("citations") or [])
    if not citations:
        failures.append(f"sentence {i}: cites no submission")
    for sid in citations:
        if sid not in texts:
            failures.append(f"sentence {i}: cited submission {sid} does not exist")
    for j, fragment in enumerate(quoted_fragments(str(sentence.get("text", ""))), 1):
        if not any(fragment in texts.get(sid, "") for sid in citations):
            failures.append(f"sentence {i}, quote {j}: not found verbatim in the cited submissions")
    for j, quote in enumerate(sentence.get("quotes") or [], 1):
        sid = str(quote.get("submission_id"))
        if not quote.get("text") or quote["text"] not in texts.get(sid, ""):
            failures.append(f"sentence {i}, point quote {j}: not found verbatim in submission {sid}")
    return failures


def verify_content(
    sentences: list[dict[str, Any]], quotes: list[dict[str, Any]], texts: Mapping[str, str]
) -> dict[str, Any]:
    """Check sentences and quotes against ``texts`` (id → anonymized text).

    Returns:
        ``{"ok", "checked", "failures", "failed_quotes"}``; failures name positions and
        submission ids only, never the text itself.
    """
    failures: list[str] = [] if sentences else ["the summary has no sentences"]
    checked = 0
    for i, sentence in enumerate(sentences, 1):
        checked += 1 + len(quoted_fragments(str(sentence.get("text", "")))) + len(sentence.get("quotes") or [])
        failures.extend(_check_sentence(i, sentence, texts))
    failed_quotes = []
    for i, quote in enumerate(quotes, 1):
        checked += 1
        sid = str(quote.get("submission_id"))
        if not quote.get("text") or quote["text"] not in texts.get(sid, ""):
            failures.append(f"quote {i}: not found verbatim in submission {sid}")
            failed_quotes.append(i - 1)
    return {"ok": not failures, "checked": checked, "failures": failures, "failed_quotes": failed_quotes}


def cited_ids(sentences: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> set[str]:
    """Return every submission id a summary cites or quotes."""
    ids = {sid for s in sentences for sid in (s.get("citations") or [])}
    ids.update(q["submission_id"] for s in sentences for q in (s.get("quotes") or []) if q.get("submission_id"))
    ids.update(q["submission_id"] for q in quotes if q.get("submission_id"))
    return ids


def verify_summary(store: Store, sentences: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> dict[str, Any]:
    """Verify a summary against the current anonymized submissions in the store."""
    return verify_content(sentences, quotes, fetch_texts(store, cited_ids(sentences, quotes)))
