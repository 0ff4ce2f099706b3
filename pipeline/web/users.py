"""User accounts: roles, argon2 password hashes, and the actions an admin may take.

Shared by ``lyhord users`` and the web app's user page. Every change is written
to the audit log (``review_events``) with the acting user; hashes never leave
this module except into the ``users`` table.
"""

from __future__ import annotations

import re
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pipeline.errors import InputError, NotFoundError
from pipeline.review.audit import record_event
from pipeline.store import Store

ROLES = ("reader", "official", "analyst", "admin")
MIN_PASSWORD_LENGTH = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")

_hasher = PasswordHasher()
# Verified against when a user name is unknown, so a wrong name costs as long as a wrong password.
_dummy_hash: str | None = None


def configure_hasher(hasher: PasswordHasher) -> None:
    """Replace the argon2 hasher (tests and benches pass cheap parameters here)."""
    global _hasher, _dummy_hash
    _hasher = hasher
    _dummy_hash = None


def cheap_hasher() -> PasswordHasher:
    """Return an argon2 hasher with minimal cost, for tests only."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str) -> str:
    """Return the argon2 hash of ``password``."""
    return _hasher.hash(password)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise InputError(
            f"ogiltigt användarnamn {name!r}: 2–64 tecken, bokstäver a–z, siffror och . _ @ - "
            f"/ invalid user name {name!r}: use 2-64 of a-z, digits, . _ @ -"
        )
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"okänd roll {role!r}; välj en av {', '.join(ROLES)} / unknown role {role!r}")
    return role


def _check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken "
            f"/ the password needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    return password


def get_user(store: Store, name: str) -> dict[str, Any] | None:
    """Return the user row (with its hash) or None."""
    rows = store.records("SELECT name, role, password_hash, created_at, active FROM users WHERE name = ?", [name])
    return rows[0] if rows else None


def list_users(store: Store) -> list[dict[str, Any]]:
    """Return every user without password hashes, ordered by name."""
    return store.records("SELECT name, role, created_at, active FROM users ORDER BY name")


def add_user(store: Store, name: str, role: str, password: str, *, actor: str) -> dict[str, Any]:
    """Create a user; the name must be new."""
    name, role, password = _check_name(name), _check_role(role), _check_password(password)
    if get_user(store, name) is not None:
        raise InputError(f"användaren {name!r} finns redan / user {name!r} already exists")
    store.execute(
        "INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)", [name, role, hash_password(password)]
    )
    record_event(store, actor=actor, action="user.add", after={"user": name, "role": role})
    return {"name": name, "role": role}


def _existing(store: Store, name: str) -> dict[str, Any]:
    user = get_user(store, name)
    if user is None:
        raise NotFoundError(f"användaren {name!r} finns inte / no user {name!r}; list users with `lyhord users list`")
    return user


def remove_user(store: Store, name: str, *, actor: str) -> None:
    """Delete a user; their past actions stay in the audit log under their name."""
    user = _existing(store, name)
    store.execute("DELETE FROM users WHERE name = ?", [name])
    record_event(store, actor=actor, action="user.remove", before={"user": name, "role": user["role"]})


def set_password(store: Store, name: str, password: str, *, actor: str) -> None:
    """Replace a user's password; their open sessions stop working."""
    _existing(store, name)
    _check_password(password)
    store.execute("UPDATE users SET password_hash = ? WHERE name = ?", [hash_password(password), name])
    record_event(store, actor=actor, action="user.passwd", after={"user": name})


def set_role(store: Store, name: str, role: str, *, actor: str) -> None:
    """Change a user's role."""
    user = _existing(store, name)
    _check_role(role)
    store.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])
    record_event(
        store,
        actor=actor,
        action="user.role",
        before={"user": name, "role": user["role"]},
        after={"user": name, "role": role},
    )


def verify_password(store: Store, name: str, password: str) -> dict[str, Any] | None:
    """Return the active user when ``password`` matches, else None (in constant-ish time)."""
    global _dummy_hash
    user = get_user(store, (name or "").strip())
    if user is None or not user["active"]:
        if _dummy_hash is None:
            _dummy_hash = _hasher.hash("not a real password")
        try:
            _hasher.verify(_dummy_hash, password or "")
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(user["password_hash"], password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user
