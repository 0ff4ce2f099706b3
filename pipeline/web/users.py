"""User accounts: roles, argon2 password hashes, and the actions an admin may take.

Shared by ``lyhord users`` and the web app's user page. Every change is written
to the audit log (``review_events``) with the acting user; hashes never leave
this module except into the ``users`` table. A new password or role, or removing
a user, ends the user's web sessions in the same transaction. The argon2 hasher
is passed in by the caller (the web app keeps one); there is no module-level one.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pipeline.errors import InputError, NotFoundError
from pipeline.review.audit import record_event
from pipeline.store import Store
from pipeline.web.sessions import revoke_user_sessions

ROLES = ("reader", "official", "analyst", "admin")
MIN_PASSWORD_LENGTH = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
_CONFLICT_ATTEMPTS = 3


def cheap_hasher() -> PasswordHasher:
    """Return an argon2 hasher with minimal cost, for tests only."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """Return the argon2 hash of ``password`` (argon2-cffi's default cost unless ``hasher`` is given)."""
    return (hasher or PasswordHasher()).hash(password)


def dummy_hash(hasher: PasswordHasher) -> str:
    """Return a hash to verify against when a user name is unknown.

    Checking it costs as long as checking a real password, so a wrong name and a
    wrong password cannot be told apart by their timing.
    """
    return hasher.hash("not a real password")


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


def add_user(
    store: Store, name: str, role: str, password: str, *, actor: str, hasher: PasswordHasher | None = None
) -> dict[str, Any]:
    """Create a user; the name must be new. ``hasher`` sets the argon2 cost (default: argon2-cffi's)."""
    name, role, password = _check_name(name), _check_role(role), _check_password(password)
    if get_user(store, name) is not None:
        raise InputError(f"användaren {name!r} finns redan / user {name!r} already exists")
    store.execute(
        "INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)",
        [name, role, hash_password(password, hasher)],
    )
    record_event(store, actor=actor, action="user.add", after={"user": name, "role": role})
    return {"name": name, "role": role}


def _existing(store: Store, name: str) -> dict[str, Any]:
    user = get_user(store, name)
    if user is None:
        raise NotFoundError(f"användaren {name!r} finns inte / no user {name!r}; list users with `lyhord users list`")
    return user


def _change_and_end_sessions(store: Store, name: str, sql: str, params: list[Any]) -> None:
    """Change a user's row and end their sessions in one transaction: both happen or neither.

    Retried when DuckDB reports a conflict, which a request refreshing one of the
    user's sessions at that very moment can cause.
    """
    for attempt in range(_CONFLICT_ATTEMPTS):
        try:
            with store.transaction():
                store.execute(sql, params)
                revoke_user_sessions(store, name)
            return
        except duckdb.TransactionException:
            if attempt == _CONFLICT_ATTEMPTS - 1:
                raise


def remove_user(store: Store, name: str, *, actor: str) -> None:
    """Delete a user and end their sessions; their past actions stay in the audit log under their name."""
    user = _existing(store, name)
    _change_and_end_sessions(store, name, "DELETE FROM users WHERE name = ?", [name])
    record_event(store, actor=actor, action="user.remove", before={"user": name, "role": user["role"]})


def set_password(store: Store, name: str, password: str, *, actor: str, hasher: PasswordHasher | None = None) -> None:
    """Replace a user's password and end their open sessions."""
    _existing(store, name)
    password_hash = hash_password(_check_password(password), hasher)
    _change_and_end_sessions(store, name, "UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])
    record_event(store, actor=actor, action="user.passwd", after={"user": name})


def set_role(store: Store, name: str, role: str, *, actor: str) -> None:
    """Change a user's role and end their open sessions (they sign in again with the new role)."""
    user = _existing(store, name)
    _check_role(role)
    _change_and_end_sessions(store, name, "UPDATE users SET role = ? WHERE name = ?", [role, name])
    record_event(
        store,
        actor=actor,
        action="user.role",
        before={"user": name, "role": user["role"]},
        after={"user": name, "role": role},
    )


def verify_password(
    store: Store, name: str, password: str, *, hasher: PasswordHasher, unknown_hash: str
) -> dict[str, Any] | None:
    """Return the active user when ``password`` matches, else None (in constant-ish time).

    Args:
        store: The open store.
        name: The typed user name.
        password: The typed password (never logged).
        hasher: The argon2 hasher.
        unknown_hash: A :func:`dummy_hash` checked instead when the name is unknown or
            inactive, so every failure costs one argon2 check.

    Returns:
        The ``users`` row, or None.
    """
    user = get_user(store, (name or "").strip())
    if user is None or not user["active"]:
        try:
            hasher.verify(unknown_hash, password or "")
        except (VerificationError, InvalidHashError):
            pass
        return None
    try:
        hasher.verify(user["password_hash"], password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user
