"""The append-only, hash-chained audit log in ``review_events``.

Each event's ``hash`` is the SHA-256 of the previous hash followed by the
canonical JSON of the event (sorted keys, no whitespace, UTF-8). Editing,
deleting or reordering rows therefore breaks the chain, and the head kept in
``review_audit_head`` exposes a removed tail. ``verify_audit`` walks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.store import Store

GENESIS_HASH = "0" * 64


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


def _event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    payload = prev_hash + canonical_json(event)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


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
    before = None if before is None else json.loads(canonical_json(before))
    after = None if after is None else json.loads(canonical_json(after))
    body = _event_body(seq, at, actor, action, dialogue_id, theme_id, before, after)
    digest = _event_hash(prev_hash, body)
    store.execute(
        "INSERT INTO review_events (seq, dialogue_id, theme_id, actor, action, occurred_at, before, after, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            seq,
            dialogue_id,
            theme_id,
            actor,
            action,
            at,
            None if before is None else canonical_json(before),
            None if after is None else canonical_json(after),
            prev_hash,
            digest,
        ],
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


def _loads(value: Any) -> Any:
    return None if value is None else json.loads(value)


def verify_audit(store: Store) -> AuditResult:
    """Recompute the whole chain and report every break.

    Detects edited rows (hash mismatch), deleted or reordered rows (seq gaps,
    ``prev_hash`` mismatch) and a removed tail (head mismatch).
    """
    rows = store.fetchall(
        "SELECT seq, occurred_at, actor, action, dialogue_id, theme_id, before, after, prev_hash, hash "
        "FROM review_events ORDER BY seq"
    )
    problems: list[str] = []
    prev_hash = GENESIS_HASH
    for expected_seq, row in enumerate(rows, 1):
        seq, at, actor, action, dialogue_id, theme_id, before, after, stored_prev, stored = row
        if seq != expected_seq:
            problems.append(f"event {seq}: expected seq {expected_seq} (a row is missing or moved)")
        if stored_prev != prev_hash:
            problems.append(f"event {seq}: prev_hash does not match the previous event")
        body = _event_body(seq, at, actor, action, dialogue_id, theme_id, _loads(before), _loads(after))
        if _event_hash(stored_prev, body) != stored:
            problems.append(f"event {seq}: content does not match its hash (edited)")
        prev_hash = stored
    head = store.fetchone("SELECT seq, hash FROM review_audit_head WHERE id = 1")
    if head is not None:
        last_seq = rows[-1][0] if rows else 0
        if head[0] != last_seq or head[1] != prev_hash:
            problems.append(
                f"chain ends at event {last_seq} but the recorded head is event {head[0]} "
                "(events were removed or replaced)"
            )
    elif rows:
        problems.append("events exist but no chain head was recorded")
    head_seq = head[0] if head is not None else None
    return AuditResult(ok=not problems, events=len(rows), problems=problems, head_seq=head_seq)
