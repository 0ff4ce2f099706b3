"""An official hides a personal detail that the anonymizer missed.

No anonymizer finds every name. When an official sees one in a submission or a quote,
:func:`hide` replaces it, everywhere in that submission's anonymized text, with the same
placeholder the anonymizer uses (``[NAMN 3]``, ``[ADRESS]`` …). The detail then also
leaves what was derived from the text: older summary versions (their quotes and
citations of the submission are dropped, as for an erasure), paragraphs of officials'
texts and audit payloads that carry it (redacted, the hash chain still verifies), and
the embedding of the old text. Themes whose latest summary cites or quotes the
submission are summarised again and go back to review.

The raw text is left to the retention rules; the finding is recorded in
``pii_findings`` (detector ``official@1``), so the anonymizer's misses can be counted.
The ``hide`` event in the audit chain records the submission, the kind and how many
places changed, never the hidden words.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from pipeline.anonymize.operators import PLACEHOLDER_RE
from pipeline.anonymize.scrub import ErasedWords, events_quoting, scrub_summaries, scrubbed_review_texts
from pipeline.errors import InputError, NotFoundError
from pipeline.review.actions import _require_actor
from pipeline.review.audit import HIDE_ACTION, append_event, redact_events
from pipeline.review.restructure import _resummarize
from pipeline.review.state import latest_summary, now, send_back
from pipeline.store import Store

DETECTOR = "official@1"
# What an official may choose, in the words the web app and the CLI show, and the label stored.
KINDS = {
    "namn": "PERSON",
    "adress": "ADDRESS",
    "telefon": "PHONE",
    "e-post": "EMAIL",
    "personnummer": "ID_NUMBER",
    "regnr": "PLATE",
}
_PLACEHOLDER = {
    "ADDRESS": "[ADRESS]",
    "PHONE": "[TELEFON]",
    "EMAIL": "[E-POST]",
    "ID_NUMBER": "[PERSONNUMMER]",
    "PLATE": "[REGNR]",
}
REREVIEW_REASON = "En personuppgift doldes i en citerad synpunkt. Sammanfattningen är gjord om; granska den igen."
MAX_FRAGMENT = 200


def _pattern(fragment: str) -> re.Pattern[str]:
    words = fragment.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def _placeholder(text: str, label: str) -> str:
    if label != "PERSON":
        return _PLACEHOLDER[label]
    used = [int(m.group(1)) for m in PLACEHOLDER_RE.finditer(text) if m.group(1)]
    return f"[NAMN {max(used, default=0) + 1}]"


def _checked(fragment: str, kind: str) -> tuple[str, str]:
    piece = " ".join((fragment or "").split())
    label = KINDS.get((kind or "").strip().lower())
    if label is None:
        raise InputError(f"okänt slag av uppgift {kind!r}; välj ett av: {', '.join(KINDS)}")
    if not 2 <= len(piece) <= MAX_FRAGMENT or not any(c.isalnum() for c in piece):
        raise InputError(f"skriv texten som ska döljas (2–{MAX_FRAGMENT} tecken) / give the text to hide")
    if PLACEHOLDER_RE.search(piece):
        raise InputError("texten är redan dold / that text is already hidden")
    return piece, label


def _quoting_themes(store: Store, submission_id: str) -> list[str]:
    """Return the themes whose latest summary cites or quotes the submission."""
    ids = [
        r[0]
        for r in store.fetchall(
            "SELECT DISTINCT theme_id FROM theme_summaries "
            "WHERE contains(CAST(sentences AS VARCHAR), ?) OR contains(CAST(quotes AS VARCHAR), ?)",
            [submission_id, submission_id],
        )
    ]
    found = []
    for theme_id in ids:
        summary = latest_summary(store, theme_id)
        if summary is None:
            continue
        cited = {c for s in summary["sentences"] for c in s.get("citations") or []}
        cited |= {q.get("submission_id") for s in summary["sentences"] for q in s.get("quotes") or []}
        cited |= {q.get("submission_id") for q in summary.get("quotes") or []}
        if submission_id in cited:
            found.append(theme_id)
    return sorted(found)


def hide(store: Store, submission_id: str, fragment: str, *, kind: str = "namn", actor: str) -> dict[str, Any]:
    """Hide ``fragment`` (every whole-word occurrence, any case) in one submission's anonymized text.

    Returns:
        ``{"submission_id", "label", "occurrences", "themes"}``: ``themes`` were summarised again.

    Raises:
        InputError: an unknown kind, an empty or already hidden fragment, or one the text does not hold.
        NotFoundError: no anonymized submission has that id.
    """
    actor = _require_actor(actor)
    piece, label = _checked(fragment, kind)
    pattern = _pattern(piece)
    with store.raw_access("review: hide a personal detail"), store.transaction():
        rows = store.records("SELECT id, dialogue_id, text, text_hash FROM submissions WHERE id = ?", [submission_id])
        if not rows:
            raise NotFoundError(f"ingen anonymiserad synpunkt har id {submission_id!r} / no such submission")
        row = rows[0]
        occurrences = len(pattern.findall(row["text"]))
        if not occurrences:
            raise InputError(
                f"texten finns inte i synpunkt {submission_id}; skriv den som den står i synpunkten / "
                "the submission does not contain that text"
            )
        text = pattern.sub(_placeholder(row["text"], label), row["text"])
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        store.execute("UPDATE submissions SET text = ?, text_hash = ? WHERE id = ?", [text, digest, submission_id])
        store.execute(
            "DELETE FROM embeddings WHERE text_hash = ? AND text_hash NOT IN (SELECT text_hash FROM submissions)",
            [row["text_hash"]],
        )
        raw = store.scalar("SELECT text FROM submissions_raw WHERE id = ?", [submission_id])
        run_id = f"review-hide-{uuid.uuid4().hex[:12]}"
        found = [(submission_id, label, m.start(), m.end(), DETECTOR, run_id) for m in pattern.finditer(raw or "")]
        if found:
            store.executemany(
                "INSERT INTO pii_findings (submission_id, label, start_pos, end_pos, detector, score, run_id) "
                "VALUES (?, ?, ?, ?, ?, NULL, ?)",
                found,
            )
        themes = _quoting_themes(store, submission_id)
        words = ErasedWords(texts=(), sentences=(), contacts=(pattern,))
        summaries = scrub_summaries(store, {submission_id}, words)
        reviews = _scrub_reviews(store, words)
        redacted = redact_events(store, events_quoting(store, words))
        append_event(
            store,
            actor=actor,
            action=HIDE_ACTION,
            dialogue_id=row["dialogue_id"],
            theme_id=themes[0] if themes else None,
            before=None,
            after={
                "submission_id": submission_id,
                "label": label,
                "occurrences": occurrences,
                "themes": themes,
                "summaries_scrubbed": summaries,
                "reviews_scrubbed": reviews,
                "events_redacted": redacted,
            },
        )
        for theme_id in themes:
            send_back(store, theme_id, REREVIEW_REASON)
    if themes:
        _resummarize(store, themes)
    return {"submission_id": submission_id, "label": label, "occurrences": occurrences, "themes": themes}


def hide_in(store: Store, submission_ids: list[str], fragment: str, *, kind: str, actor: str) -> dict[str, Any]:
    """Hide ``fragment`` in each of ``submission_ids`` that holds it (the web app's ticked rows).

    Raises:
        InputError: nothing was ticked, or none of the ticked submissions holds the text.
    """
    ids = sorted(set(submission_ids))
    if not ids:
        raise InputError("markera synpunkterna där uppgiften står / tick the submissions that hold the detail")
    piece, _ = _checked(fragment, kind)
    with store.raw_access("review: find a personal detail"):
        texts = dict(store.fetchall("SELECT id, text FROM submissions WHERE list_contains(?, id)", [ids]))
    holding = [sid for sid in ids if _pattern(piece).search(texts.get(sid) or "")]
    if not holding:
        raise InputError("ingen av de markerade synpunkterna innehåller texten / none of them holds that text")
    done = [hide(store, sid, piece, kind=kind, actor=actor) for sid in holding]
    return {
        "submissions": len(done),
        "occurrences": sum(d["occurrences"] for d in done),
        "themes": sorted({t for d in done for t in d["themes"]}),
    }


def _scrub_reviews(store: Store, words: ErasedWords) -> int:
    """Drop paragraphs of officials' texts that carry the hidden detail; return the themes changed."""
    changed = 0
    for row in store.records(
        "SELECT theme_id, edited_text, response, reason FROM theme_reviews "
        "WHERE edited_text IS NOT NULL OR response IS NOT NULL OR reason IS NOT NULL"
    ):
        changes = scrubbed_review_texts(store, row, words)
        if not changes:
            continue
        sets = "".join(f"{field} = ?, " for field in changes)
        store.execute(
            f"UPDATE theme_reviews SET {sets}needs_rereview = ?, updated_at = ? WHERE theme_id = ?",
            [*changes.values(), REREVIEW_REASON, now(), row["theme_id"]],
        )
        changed += 1
    return changed
