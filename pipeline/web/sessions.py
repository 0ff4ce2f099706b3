"""Server-side sessions of the web app, kept in the ``web_sessions`` table.

The browser's signed cookie carries only a random session id; the store keeps
its SHA-256, the user name and the times that bound its life. Every request
looks the record up, so deleting it (sign-out, a new password or role, a
removed user) ends the session at once, even for a copied cookie. A session
also ends after ``idle_s`` without requests and ``max_age_s`` after sign-in.

This module is the only writer of ``web_sessions``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from pipeline.settings import Settings
from pipeline.store import Store

log = logging.getLogger(__name__)
_CONFLICT_ATTEMPTS = 3


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives.

    Attributes:
        idle_s: A session unused for this long has ended.
        max_age_s: A session ends this long after sign-in, however busy.
        touch_s: ``last_seen_at`` is written at most this often per session, so a page
            view is not a write; idle expiry is therefore exact to within ``touch_s``.
    """

    idle_s: float = 3600.0
    max_age_s: float = 8 * 3600.0
    touch_s: float = 60.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionPolicy:
        """Build the policy from ``web_session_idle_minutes`` and ``web_session_max_hours``."""
        idle_s = settings.web_session_idle_minutes * 60
        return cls(idle_s=idle_s, max_age_s=settings.web_session_max_hours * 3600, touch_s=min(60.0, idle_s / 10))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def hash_session_id(session_id: str) -> str:
    """Return the stored form of a session id (SHA-256 hex)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def create_session(store: Store, user_name: str, policy: SessionPolicy) -> str:
    """Store a new session for ``user_name`` and return its id, for the cookie only.

    Ended sessions of every user are deleted on the way, so the table holds only live ones.
    """
    session_id = secrets.token_urlsafe(32)
    now = _now()
    purge_expired(store, policy, now=now)
    store.execute(
        "INSERT INTO web_sessions (id_hash, user_name, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        [hash_session_id(session_id), user_name, now, now, now + timedelta(seconds=policy.max_age_s)],
    )
    return session_id


def session_owner(store: Store, session_id: str, policy: SessionPolicy) -> dict[str, Any] | None:
    """Return the active user (``name``, ``role``) owning a live session, else None.

    An ended session is deleted when found; a live one has ``last_seen_at`` refreshed
    at most every ``policy.touch_s`` seconds.
    """
    id_hash = hash_session_id(session_id)
    rows = store.records(
        "SELECT u.name, u.role, s.last_seen_at, s.expires_at FROM web_sessions s "
        "JOIN users u ON u.name = s.user_name WHERE s.id_hash = ? AND u.active",
        [id_hash],
    )
    if not rows:
        return None
    row, now = rows[0], _now()
    if now >= row["expires_at"] or now - row["last_seen_at"] >= timedelta(seconds=policy.idle_s):
        purge_expired(store, policy, now=now)
        return None
    if now - row["last_seen_at"] >= timedelta(seconds=policy.touch_s):
        _touch(store, id_hash, now)
    return {"name": row["name"], "role": row["role"]}


def _touch(store: Store, id_hash: str, now: datetime) -> None:
    try:
        store.execute("UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ?", [now, id_hash])
    except duckdb.TransactionException:
        # Two requests of one session touched it at once; the other write is as good.
        log.debug("session touch conflict, skipped")


def _delete(store: Store, where: str, params: list[Any]) -> int:
    count = store.scalar(f"SELECT count(*) FROM web_sessions WHERE {where}", params)
    if count:
        store.execute(f"DELETE FROM web_sessions WHERE {where}", params)
    return int(count or 0)


def revoke_session(store: Store, session_id: str) -> None:
    """End one session (sign-out), retrying if a concurrent touch of it conflicts."""
    for attempt in range(_CONFLICT_ATTEMPTS):
        try:
            _delete(store, "id_hash = ?", [hash_session_id(session_id)])
            return
        except duckdb.TransactionException:
            if attempt == _CONFLICT_ATTEMPTS - 1:
                raise


def revoke_user_sessions(store: Store, user_name: str) -> int:
    """End every session of a user (new password or role, removal) and return how many."""
    return _delete(store, "user_name = ?", [user_name])


def purge_expired(store: Store, policy: SessionPolicy, *, now: datetime | None = None) -> int:
    """Delete every ended session and return how many (0 when a concurrent write got in the way).

    Ended sessions are refused whether or not they are deleted, so this is housekeeping.
    """
    now = now or _now()
    try:
        return _delete(store, "expires_at <= ? OR last_seen_at <= ?", [now, now - timedelta(seconds=policy.idle_s)])
    except duckdb.TransactionException:
        log.debug("session purge conflict, skipped")
        return 0
