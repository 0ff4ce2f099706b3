"""Per-dialogue form keys: what a web form sends in ``X-Lyhord-Form-Key``.

A form key ties posts to the one form a city published for a dialogue. It sits
in that form's page, so it is no password: it stops other sites and scripts
from posting into a dialogue by accident or at scale (with the receiver's
content-type check, CORS and rate limit), and rotating it cuts off a leaked
copy at once. This module is the only writer of ``form_keys``.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import datetime

from pipeline.dialogues import get_dialogue
from pipeline.store import Store

log = logging.getLogger(__name__)
KEY_BYTES = 24  # 32 URL-safe characters


def form_key(store: Store, dialogue_id: str, *, actor: str = "lyhord", rotate: bool = False) -> str:
    """Return the dialogue's form key, creating it on first use.

    Args:
        store: The open store.
        dialogue_id: An existing dialogue.
        actor: Who asked (recorded as ``issued_by`` when a key is made).
        rotate: Replace the key; the old one stops working at once.

    Returns:
        The current key.

    Raises:
        NotFoundError: The dialogue does not exist.
    """
    get_dialogue(store, dialogue_id)
    with store.transaction():
        current = store.scalar("SELECT key FROM form_keys WHERE dialogue_id = ?", [dialogue_id])
        if current is not None and not rotate:
            return str(current)
        key = secrets.token_urlsafe(KEY_BYTES)
        store.execute(
            "INSERT INTO form_keys (dialogue_id, key, issued_at, issued_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (dialogue_id) DO UPDATE SET key = excluded.key, issued_at = excluded.issued_at, "
            "issued_by = excluded.issued_by",
            [dialogue_id, key, datetime.now(), actor],
        )
    log.info("form key %s for dialogue %s by %s", "rotated" if current else "created", dialogue_id, actor)
    return key


def current_form_key(store: Store, dialogue_id: str) -> str | None:
    """Return the dialogue's form key without making one (for a page that only shows it)."""
    key = store.scalar("SELECT key FROM form_keys WHERE dialogue_id = ?", [dialogue_id])
    return None if key is None else str(key)


def check_form_key(store: Store, dialogue_id: str, presented: str) -> bool:
    """Return True when ``presented`` is the dialogue's current key (constant-time compare).

    A dialogue without a key accepts no key at all.
    """
    current = current_form_key(store, dialogue_id)
    if current is None:
        return False
    return hmac.compare_digest(current.encode(), presented.encode("utf-8", "replace"))
