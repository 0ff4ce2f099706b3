"""Erasure (GDPR art. 17): a person's raw data and everything derived from it.

The raw row stays as a tombstone (id and content hash, so re-ingesting the same file does not
bring the text back) with its text, contact details, position and extra fields set to NULL.
Derived rows go: ``submissions``, ``pii_findings``, ``theme_assignments``, embeddings of the
anonymized text when no other submission shares it, and representative ids of themes. Text that
quotes the person is scrubbed (:mod:`pipeline.anonymize.scrub`): summary sentences and quotes,
paragraphs of officials' edited texts, responses and reasons (the theme goes back to review),
and the payloads of review events, which are redacted while the hash chain keeps their content
hash, so ``lyhord audit verify`` still passes. Each erasure is logged in ``erasures`` and as an
``erase`` event in the chain, with counts only, never whose or what.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from pipeline.anonymize.contact import digits_of, phone_pattern
from pipeline.anonymize.scrub import (
    SCRUBBED_REASON,
    ErasedWords,
    events_quoting,
    scrub_summaries,
    scrubbed_review_texts,
)
from pipeline.errors import InputError, NotFoundError
from pipeline.review.audit import append_erase_event, append_event, redact_events
from pipeline.review.state import now
from pipeline.store import Store
from pipeline.summaries.text import paragraphs

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

    Submissions linked to those by another address or number of the same sender go too.

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
    return _erase(store, _linked(store, ids), actor=actor, kind="contact")


def _linked(store: Store, ids: list[str], rounds: int = 3) -> list[str]:
    """Add the submissions that share an e-mail address or phone number with ``ids``.

    A person who wrote by e-mail and by SMS is one person: erasing them by their
    address must also erase what came from their number, and the other way round.
    Names are not followed (many residents share a name).
    """
    found = set(ids)
    for _ in range(rounds):
        with store.raw_access("erase: linked contact details"):
            rows = store.fetchall(
                "SELECT DISTINCT contact_email, contact_phone FROM submissions_raw WHERE list_contains(?, id)",
                [sorted(found)],
            )
        more = set(found)
        for email, phone in rows:
            if email and _EMAIL.match(email.strip()):
                more.update(_ids_by_email(store, email.strip()))
            if phone and len(digits_of(phone)) >= 6:
                more.update(_ids_by_phone(store, phone))
        if more == found:
            break
        found = more
    return sorted(found)


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
        counts, redacted = _erase_rows(store, ids, actor=actor) if ids else ({"submissions": 0}, 0)
        log_erasure(store, actor=actor, kind=kind, count=len(ids))
        append_erase_event(store, actor=actor, kind=kind, counts=counts, events_redacted=redacted)
    log.info("erasure (%s): %s, %d audit events redacted", kind, counts, redacted)
    return len(ids)


def _erase_rows(store: Store, ids: list[str], *, actor: str) -> tuple[dict[str, int], int]:
    """Erase ``ids`` and everything derived; return counts per sort of row and the events redacted."""
    words = ErasedWords.collect(store, ids)
    hashes = [
        r[0] for r in store.fetchall("SELECT DISTINCT text_hash FROM submissions WHERE list_contains(?, id)", [ids])
    ]
    store.execute(
        "UPDATE submissions_raw SET text = NULL, contact_name = NULL, contact_email = NULL, "
        "contact_phone = NULL, extra = NULL, lon = NULL, lat = NULL, source_ref = NULL, "
        "purged_at = coalesce(purged_at, ?) WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [datetime.now(), ids],
    )
    for table, column in (
        ("pii_findings", "submission_id"),
        ("theme_assignments", "submission_id"),
        ("assignment_decisions", "submission_id"),  # an official's placement of the erased submission
        ("submissions", "id"),
    ):
        store.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [ids])
    if hashes:
        store.execute(
            "DELETE FROM embeddings WHERE text_hash IN (SELECT unnest(?::VARCHAR[])) "
            "AND text_hash NOT IN (SELECT text_hash FROM submissions)",
            [sorted(hashes)],
        )
    counts = {"submissions": len(ids), "summaries": scrub_summaries(store, set(ids), words)}
    counts["reviews"] = _scrub_reviews(store, words, actor=actor)
    return counts, redact_events(store, events_quoting(store, words))


def _scrub_reviews(store: Store, words: ErasedWords, *, actor: str) -> int:
    """Drop the paragraphs of officials' texts that carry erased words; return the themes changed.

    An edited text that loses a paragraph sends the theme back to draft; a response or reason
    only flags it. The audit event records paragraph counts, never text.
    """
    rows = store.records(
        "SELECT theme_id, dialogue_id, status, edited_text, response, reason FROM theme_reviews "
        "WHERE edited_text IS NOT NULL OR response IS NOT NULL OR reason IS NOT NULL"
    )
    changed = 0
    for row in rows:
        changes = scrubbed_review_texts(store, row, words)
        if not changes:
            continue
        status = "draft" if "edited_text" in changes else row["status"]
        sets = "".join(f"{field} = ?, " for field in changes)
        store.execute(
            f"UPDATE theme_reviews SET {sets}status = ?, needs_rereview = ?, updated_at = ?, updated_by = ? "
            "WHERE theme_id = ?",
            [*changes.values(), status, SCRUBBED_REASON, now(), actor, row["theme_id"]],
        )
        append_event(
            store,
            actor=actor,
            action="erasure.scrub",
            dialogue_id=row["dialogue_id"],
            theme_id=row["theme_id"],
            before={field: len(paragraphs(row[field])) for field in changes},
            after={**{f: len(paragraphs(v or "")) for f, v in changes.items()}, "status": status},
        )
        changed += 1
    return changed
