"""The append-only, hash-chained audit log in ``review_events``.

Each event stores ``payload_hash``, the SHA-256 of the canonical JSON of its
``before``/``after`` (sorted keys, no whitespace, UTF-8), and its ``hash`` is the
SHA-256 of the previous hash followed by the canonical JSON of the event's
fields with ``payload_hash`` in place of the content. Editing, deleting or
reordering rows therefore breaks the chain, and the head kept in
``review_audit_head`` exposes a removed tail. Because the chain covers a hash of
the content and not the content, erasure can replace a payload that holds a
person's words with a marker (:func:`redact_events`) and the chain still
verifies; an unredacted payload must still match its ``payload_hash``.

Events written before migration 042 (``chain_version`` 1) hashed the content
itself and are verified that way; a redacted one is checked by the seal written
when it was redacted (after its content had verified). ``verify_audit`` walks
the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.store import Store

GENESIS_HASH = "0" * 64
CHAIN_VERSION = 2
REDACTED = {"redacted": "erasure"}  # what a redacted event's ``after`` holds
ERASE_ACTION = "erase"  # an erasure's own event: counts only, among them ``events_redacted``
HIDE_ACTION = "hide"  # an official hid a personal detail (pipeline.review.hide): counts only, likewise
# Events that redact others record how many; they are never redacted themselves.
REDACTING_ACTIONS = (ERASE_ACTION, HIDE_ACTION)
_COLUMNS = (
    "seq, occurred_at, actor, action, dialogue_id, theme_id, before, after, prev_hash, hash, "
    "chain_version, payload_hash, redacted_at, legacy_seal"
)


@dataclass
class AuditResult:
    """Outcome of walking the chain; ``problems`` name seq numbers, never content."""

    ok: bool
    events: int
    problems: list[str] = field(default_factory=list)
    head_seq: int | None = None


def canonical_json(obj: Any) -> str:
    """Return the canonical JSON form that the chain hashes."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def payload_hash(before: Any, after: Any) -> str:
    """Return the hash of an event's content that the chain covers in its place."""
    return _sha256(canonical_json({"before": before, "after": after}))


def _link_body(row: dict[str, Any], digest: str | None) -> dict[str, Any]:
    """The fields a chain-version-2 hash covers: everything but the content, plus its hash."""
    return {
        "seq": int(row["seq"]),
        "occurred_at": row["occurred_at"].isoformat(timespec="microseconds"),
        "actor": row["actor"],
        "action": row["action"],
        "dialogue_id": row["dialogue_id"],
        "theme_id": row["theme_id"],
        "payload_hash": digest,
    }


def _link_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return _sha256(prev_hash + canonical_json(body))


def _event_body(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    dialogue_id: str | None,
    theme_id: str | None,
    before: Any,
    after: Any,
) -> dict[str, Any]:
    """The fields a chain-version-1 hash covers, content included (events before migration 042)."""
    return {
        "seq": int(seq),
        "occurred_at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "dialogue_id": dialogue_id,
        "theme_id": theme_id,
        "before": before,
        "after": after,
    }


def _event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """Chain-version-1 hash: the previous hash followed by the whole event."""
    return _sha256(prev_hash + canonical_json(event))


def _legacy_seal(stored_hash: str, body: dict[str, Any]) -> str:
    """Bind a redacted version-1 event's fields and payload hash to the hash it keeps in the chain."""
    return _sha256(stored_hash + canonical_json(body))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _loads(value: Any) -> Any:
    return None if value is None else json.loads(value)


def _dumps(value: Any) -> str | None:
    return None if value is None else canonical_json(value)


def append_event(
    store: Store,
    *,
    actor: str,
    action: str,
    dialogue_id: str | None,
    theme_id: str | None,
    before: Any = None,
    after: Any = None,
) -> int:
    """Append one event inside the caller's transaction and return its seq."""
    last = store.fetchone("SELECT seq, hash FROM review_events ORDER BY seq DESC LIMIT 1")
    seq, prev_hash = (1, GENESIS_HASH) if last is None else (int(last[0]) + 1, last[1])
    at = _now()
    # Round-trip through JSON so the hashed form equals what is read back later.
    before, after = _loads(_dumps(before)), _loads(_dumps(after))
    content = payload_hash(before, after)
    row = {"seq": seq, "occurred_at": at, "actor": actor, "action": action}
    digest = _link_hash(prev_hash, _link_body(row | {"dialogue_id": dialogue_id, "theme_id": theme_id}, content))
    store.execute(
        "INSERT INTO review_events (seq, dialogue_id, theme_id, actor, action, occurred_at, before, after, "
        "prev_hash, hash, chain_version, payload_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, dialogue_id, theme_id, actor, action, at, _dumps(before), _dumps(after), prev_hash, digest]
        + [CHAIN_VERSION, content],
    )
    store.execute(
        "INSERT OR REPLACE INTO review_audit_head (id, seq, hash, updated_at) VALUES (1, ?, ?, ?)",
        [seq, digest, at],
    )
    return seq


def record_event(
    store: Store,
    *,
    actor: str,
    action: str,
    dialogue_id: str | None = None,
    theme_id: str | None = None,
    before: Any = None,
    after: Any = None,
) -> int:
    """Append one event in its own transaction (for the web app's logins and user changes).

    Args:
        store: The open store.
        actor: Who acted (user name, or ``system``).
        action: A short verb such as ``login`` or ``user.add``.
        dialogue_id: The dialogue concerned, if any.
        theme_id: The theme concerned, if any.
        before: JSON-serialisable state before the action (no resident text).
        after: JSON-serialisable state after the action (no resident text).

    Returns:
        The new event's sequence number.
    """
    with store.transaction():
        return append_event(
            store,
            actor=actor,
            action=action,
            dialogue_id=dialogue_id,
            theme_id=theme_id,
            before=before,
            after=after,
        )


def _legacy_intact(row: dict[str, Any]) -> bool:
    """Whether a version-1 event's content still matches the hash that covers it."""
    body = _event_body(
        row["seq"],
        row["occurred_at"],
        row["actor"],
        row["action"],
        row["dialogue_id"],
        row["theme_id"],
        _loads(row["before"]),
        _loads(row["after"]),
    )
    return _event_hash(row["prev_hash"], body) == row["hash"]


def redact_events(store: Store, seqs: Iterable[int]) -> int:
    """Replace the content of events ``seqs`` with a marker (erasure); call inside a transaction.

    The event stays in the chain with its actor, action, time and ``payload_hash``, so
    ``verify_audit`` still passes. A version-1 event is sealed only when its content
    verified before redaction; otherwise verify keeps reporting it. Erase events hold
    counts only and are never redacted.

    Returns:
        How many events were redacted (already redacted ones are skipped).
    """
    wanted = sorted({int(s) for s in seqs})
    if not wanted:
        return 0
    rows = store.records(
        f"SELECT {_COLUMNS} FROM review_events WHERE list_contains(?, seq) AND redacted_at IS NULL "
        "AND NOT list_contains(?, action)",
        [wanted, list(REDACTING_ACTIONS)],
    )
    at = _now()
    for row in rows:
        content = row["payload_hash"] or payload_hash(_loads(row["before"]), _loads(row["after"]))
        seal = None
        if row["chain_version"] != CHAIN_VERSION and _legacy_intact(row):
            seal = _legacy_seal(row["hash"], _link_body(row, content))
        store.execute(
            "UPDATE review_events SET before = NULL, after = ?, redacted_at = ?, payload_hash = ?, "
            "legacy_seal = ? WHERE seq = ?",
            [canonical_json(REDACTED), at, content, seal, row["seq"]],
        )
    return len(rows)


def append_erase_event(store: Store, *, actor: str, kind: str, counts: dict[str, int], events_redacted: int) -> int:
    """Record an erasure in the chain: its kind and how many rows of each sort, never whose or which.

    Call inside the erasure's transaction. ``events_redacted`` is what :func:`verify_audit`
    reconciles the redacted events with.
    """
    after = {"kind": kind, **counts, "events_redacted": int(events_redacted)}
    return append_event(store, actor=actor, action=ERASE_ACTION, dialogue_id=None, theme_id=None, after=after)


def _redaction_problems(rows: list[dict[str, Any]]) -> list[str]:
    """Redacted events hold only the marker, and erase events account for every one of them."""
    problems = [
        f"event {r['seq']}: marked redacted but holds content"
        for r in rows
        if r["redacted_at"] is not None and (r["before"] is not None or _loads(r["after"]) != REDACTED)
    ]
    redacted = sum(1 for r in rows if r["redacted_at"] is not None)
    recorded = sum(
        int((_loads(r["after"]) or {}).get("events_redacted", 0))
        for r in rows
        if r["action"] in REDACTING_ACTIONS and r["redacted_at"] is None
    )
    if redacted != recorded:
        problems.append(f"{redacted} events are redacted but erasures and hidden details recorded {recorded}")
    return problems


def _content_problem(row: dict[str, Any]) -> str | None:
    """Check one event's own hash (not its link to the previous one); None when it holds."""
    seq, version, redacted = row["seq"], row["chain_version"], row["redacted_at"] is not None
    if version == CHAIN_VERSION:
        if not redacted and payload_hash(_loads(row["before"]), _loads(row["after"])) != row["payload_hash"]:
            return f"event {seq}: content does not match its payload hash (edited)"
        if _link_hash(row["prev_hash"], _link_body(row, row["payload_hash"])) != row["hash"]:
            return f"event {seq}: content does not match its hash (edited)"
        return None
    if version != 1:
        return f"event {seq}: unknown chain version {version!r}"
    if not redacted:
        return None if _legacy_intact(row) else f"event {seq}: content does not match its hash (edited)"
    if row["legacy_seal"] is None or row["payload_hash"] is None:
        return f"event {seq}: redacted without a seal (its content did not verify before erasure)"
    if _legacy_seal(row["hash"], _link_body(row, row["payload_hash"])) != row["legacy_seal"]:
        return f"event {seq}: does not match the seal written when it was redacted (edited)"
    return None


def _head_problem(store: Store, rows: list[dict[str, Any]], last_hash: str) -> str | None:
    head = store.fetchone("SELECT seq, hash FROM review_audit_head WHERE id = 1")
    if head is None:
        return "events exist but no chain head was recorded" if rows else None
    last_seq = rows[-1]["seq"] if rows else 0
    if head[0] != last_seq or head[1] != last_hash:
        return (
            f"chain ends at event {last_seq} but the recorded head is event {head[0]} (events were removed or replaced)"
        )
    return None


def verify_audit(store: Store) -> AuditResult:
    """Recompute the whole chain and report every break.

    Detects edited rows (hash or payload-hash mismatch), deleted or reordered rows
    (seq gaps, ``prev_hash`` mismatch) and a removed tail (head mismatch). Redacted
    events are checked without their content, which erasure removed; they must hold
    only the marker, and the erase events must account for each of them.
    """
    rows = store.records(f"SELECT {_COLUMNS} FROM review_events ORDER BY seq")
    problems: list[str] = []
    prev_hash = GENESIS_HASH
    for expected_seq, row in enumerate(rows, 1):
        if row["seq"] != expected_seq:
            problems.append(f"event {row['seq']}: expected seq {expected_seq} (a row is missing or moved)")
        if row["prev_hash"] != prev_hash:
            problems.append(f"event {row['seq']}: prev_hash does not match the previous event")
        problem = _content_problem(row)
        if problem:
            problems.append(problem)
        prev_hash = row["hash"]
    problems.extend(_redaction_problems(rows))
    head_problem = _head_problem(store, rows, prev_hash)
    if head_problem:
        problems.append(head_problem)
    head_seq = store.scalar("SELECT seq FROM review_audit_head WHERE id = 1")
    return AuditResult(ok=not problems, events=len(rows), problems=problems, head_seq=head_seq)
