"""Erasure (GDPR art. 17): a person's raw data and everything derived from it.

The raw row stays as a tombstone (id and content hash, so re-ingesting the same file does not
bring the text back) with its text, contact details, position and extra fields set to NULL.
Derived rows go: ``submissions``, ``pii_findings``, ``theme_assignments``, embeddings of the
anonymized text when no other submission shares it, quotes and citations in theme summaries
and representative ids of themes, and the paragraphs of officials' edited texts that quote an
erased submission (the theme goes back to review). Each erasure is logged in ``erasures`` with a
count only. Earlier events in the hash-chained review log keep what they recorded (an edited text
with its quotes, anonymized); rewriting them would break the chain that proves the log intact.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pipeline.anonymize.contact import digits_of, phone_pattern
from pipeline.errors import InputError, NotFoundError
from pipeline.review.actions import quote_source
from pipeline.review.audit import append_event
from pipeline.store import Store
from pipeline.summaries.text import paragraphs, quoted_fragments

log = logging.getLogger(__name__)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def log_erasure(store: Store, *, actor: str, kind: str, count: int) -> None:
    """Append one row to ``erasures``: when, who acted, what kind, how many; never whose."""
    store.execute(
        "INSERT INTO erasures (id, occurred_at, actor, kind, submissions) VALUES (?, ?, ?, ?, ?)",
        [f"erasure-{uuid.uuid4().hex[:12]}", datetime.now(), actor, kind, count],
    )


def erase_submission(store: Store, submission_id: str, *, actor: str) -> int:
    """Erase one submission's raw data and derived rows; return how many submissions (0 or 1).

    Raises:
        NotFoundError: no submission has that id.
    """
    with store.raw_access("erase: submission"):
        known = store.scalar(
            "SELECT count(*) FROM (SELECT id FROM submissions_raw WHERE id = ? "
            "UNION SELECT id FROM submissions WHERE id = ?)",
            [submission_id, submission_id],
        )
    if not known:
        raise NotFoundError(f"no submission with id {submission_id!r}; copy the id from an export or the review page")
    return _erase(store, [submission_id], actor=actor, kind="submission")


def erase_contact(store: Store, email_or_phone: str, *, actor: str) -> int:
    """Erase every submission whose contact fields or text hold this e-mail or phone number.

    Returns:
        How many submissions were erased (0 when none matched; the request is logged anyway).

    Raises:
        InputError: the value is neither an e-mail address nor a phone number.
    """
    value = email_or_phone.strip()
    if _EMAIL.match(value):
        ids = _ids_by_email(store, value)
    elif len(digits_of(value)) >= 6 and re.fullmatch(r"[\d\s+\-()/]+", value):
        ids = _ids_by_phone(store, value)
    else:
        raise InputError(
            "the value given to --contact is neither an e-mail address nor a phone number; "
            "write it as name@example.se or 070-123 45 67"
        )
    return _erase(store, ids, actor=actor, kind="contact")


def _ids_by_email(store: Store, email: str) -> list[str]:
    with store.raw_access("erase: find contact"):
        rows = store.fetchall(
            "SELECT id, lower(trim(contact_email)) = lower(?), text FROM submissions_raw "
            "WHERE lower(trim(contact_email)) = lower(?) OR (text IS NOT NULL AND contains(lower(text), lower(?)))",
            [email, email, email],
        )
    # "a@b.se" must not match inside "anna@b.se": the address has to stand on its own.
    alone = re.compile(rf"(?<![\w.+\-]){re.escape(email)}(?![\w\-]|\.\w)", re.IGNORECASE)
    return sorted({sid for sid, is_contact, text in rows if is_contact or (text and alone.search(text))})


def _ids_by_phone(store: Store, phone: str) -> list[str]:
    wanted = digits_of(phone)
    pattern = phone_pattern(phone)
    core = wanted.lstrip("0")
    with store.raw_access("erase: find contact"):
        rows = store.fetchall(
            "SELECT id, contact_phone, text FROM submissions_raw WHERE contact_phone IS NOT NULL "
            "OR (text IS NOT NULL AND contains(regexp_replace(text, '[^0-9]', '', 'g'), ?))",
            [core],
        )
    ids = set()
    for sid, contact, text in rows:
        if (contact and digits_of(contact) == wanted) or (text and pattern is not None and pattern.search(text)):
            ids.add(sid)
    return sorted(ids)


def _erase(store: Store, ids: Sequence[str], *, actor: str, kind: str) -> int:
    ids = list(ids)
    with store.raw_access(f"erase: {kind}"), store.transaction():
        if ids:
            _erase_rows(store, ids, actor=actor)
        log_erasure(store, actor=actor, kind=kind, count=len(ids))
    log.info("erasure (%s): %d submissions", kind, len(ids))
    return len(ids)


def _erase_rows(store: Store, ids: list[str], *, actor: str) -> None:
    erased = store.fetchall("SELECT text, text_hash FROM submissions WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    erased_texts = [text for text, _ in erased if text]
    hashes = sorted({text_hash for _, text_hash in erased})
    store.execute(
        "UPDATE submissions_raw SET text = NULL, contact_name = NULL, contact_email = NULL, "
        "contact_phone = NULL, extra = NULL, lon = NULL, lat = NULL, source_ref = NULL, "
        "purged_at = coalesce(purged_at, ?) WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [datetime.now(), ids],
    )
    for table, column in (
        ("pii_findings", "submission_id"),
        ("theme_assignments", "submission_id"),
        ("submissions", "id"),
    ):
        store.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [ids])
    if hashes:
        store.execute(
            "DELETE FROM embeddings WHERE text_hash IN (SELECT unnest(?::VARCHAR[])) "
            "AND text_hash NOT IN (SELECT text_hash FROM submissions)",
            [hashes],
        )
    store.execute(
        "UPDATE themes SET representative_ids = list_filter(representative_ids, x -> NOT list_contains(?, x)) "
        "WHERE list_has_any(representative_ids, ?)",
        [ids, ids],
    )
    _scrub_summaries(store, set(ids))
    _scrub_edited_reviews(store, erased_texts, actor=actor)


def _scrub_summaries(store: Store, ids: set[str]) -> None:
    """Drop quotes from, and citations of, erased submissions in theme summaries."""
    rows = store.fetchall("SELECT id, sentences, quotes FROM theme_summaries")
    for summary_id, sentences_json, quotes_json in rows:
        sentences: list[dict[str, Any]] = json.loads(sentences_json) if sentences_json else []
        quotes: list[dict[str, Any]] = json.loads(quotes_json) if quotes_json else []
        kept_quotes = [q for q in quotes if q.get("submission_id") not in ids]
        kept_sentences = []
        for sentence in sentences:
            cited = list(sentence.get("citations") or [])
            remaining = [c for c in cited if c not in ids]
            if cited and (not remaining or cited[0] in ids):
                # The first citation is the one the sentence quotes verbatim; without it
                # (or with nothing left) the sentence would carry erased text.
                continue
            kept_sentences.append({**sentence, "citations": remaining} if cited else sentence)
        if kept_quotes != quotes or kept_sentences != sentences:
            store.execute(
                "UPDATE theme_summaries SET sentences = ?, quotes = ? WHERE id = ?",
                [
                    json.dumps(kept_sentences, ensure_ascii=False),
                    json.dumps(kept_quotes, ensure_ascii=False),
                    summary_id,
                ],
            )


SCRUBBED_REASON = (
    "Ett citat i den redigerade texten kom från en synpunkt som har raderats; stycket är borttaget. Granska temat igen."
)


def _scrub_edited_reviews(store: Store, erased_texts: list[str], *, actor: str) -> None:
    """Drop the paragraphs of officials' edited texts that quote an erased submission.

    A quote still verbatim in another submission of the theme stays. The theme goes
    back to review, and the audit event records paragraph counts, never text.
    """
    if not erased_texts:
        return
    rows = store.fetchall("SELECT theme_id, dialogue_id, edited_text FROM theme_reviews WHERE edited_text IS NOT NULL")
    for theme_id, dialogue_id, text in rows:
        before = paragraphs(text)
        kept = [p for p in before if not _quotes_erased(store, theme_id, p, erased_texts)]
        if len(kept) == len(before):
            continue
        store.execute(
            "UPDATE theme_reviews SET edited_text = ?, status = 'draft', needs_rereview = ?, updated_at = ?, "
            "updated_by = ? WHERE theme_id = ?",
            ["\n\n".join(kept) or None, SCRUBBED_REASON, datetime.now(), actor, theme_id],
        )
        append_event(
            store,
            actor=actor,
            action="erasure.scrub",
            dialogue_id=dialogue_id,
            theme_id=theme_id,
            before={"paragraphs": len(before)},
            after={"paragraphs": len(kept), "status": "draft"},
        )


def _quotes_erased(store: Store, theme_id: str, paragraph: str, erased_texts: list[str]) -> bool:
    """Whether a quote in ``paragraph`` came from an erased text and no remaining submission of the theme has it."""
    return any(
        any(f in t for t in erased_texts) and quote_source(store, theme_id, f) is None
        for f in quoted_fragments(paragraph)
    )
