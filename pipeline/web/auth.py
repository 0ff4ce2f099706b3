"""Sign-in, sessions, CSRF tokens, client addresses and role checks for the web app.

The session cookie (Starlette's signed ``SessionMiddleware``) holds a random
session id, the CSRF token and pending messages. The session itself lives in
the store (``pipeline.web.sessions``); the user's role and state are read with
it on every request, so signing out, removing a user, changing a role or a
password ends the session at once, even for a copied cookie.

``Authenticator`` is the seam for the city's SSO: an OIDC implementation would
redirect in ``start_login`` and map the returned identity to a ``users`` row;
the rest of the app only sees ``WebUser``. Throttling and the password gate
are in ``pipeline.web.throttle``.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from argon2 import PasswordHasher
from fastapi import HTTPException, Request

from pipeline.clients import IPNetwork
from pipeline.clients import client_address as shared_client_address
from pipeline.store import Store
from pipeline.web import sessions, users
from pipeline.web.sessions import SessionPolicy

CAPABILITIES: dict[str, frozenset[str]] = {
    "reader": frozenset({"read"}),
    "official": frozenset({"read", "drafts", "review", "restructure", "audit"}),
    "analyst": frozenset({"read", "drafts", "restructure", "runs", "audit"}),
    "admin": frozenset({"read", "drafts", "review", "restructure", "runs", "audit", "users"}),
}
SESSION_ID = "sid"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class WebUser:
    """The signed-in user as the pages see it."""

    name: str
    role: str

    def can(self, capability: str) -> bool:
        """Say whether the user's role grants ``capability``."""
        return capability in CAPABILITIES.get(self.role, frozenset())


class Authenticator(Protocol):
    """How a user proves who they are; the password form now, OIDC later."""

    name: str

    def authenticate(self, store: Store, credentials: dict[str, str]) -> dict[str, Any] | None:
        """Return the ``users`` row for valid credentials, else None."""
        ...


class PasswordAuthenticator:
    """User name and argon2-hashed password from the ``users`` table."""

    name = "password"

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        """Use ``hasher`` (argon2-cffi's default cost unless given) for every check."""
        self.hasher = hasher or PasswordHasher()
        self._unknown_hash = users.dummy_hash(self.hasher)

    def authenticate(self, store: Store, credentials: dict[str, str]) -> dict[str, Any] | None:
        """Check the name and password against the stored argon2 hash."""
        return users.verify_password(
            store,
            credentials.get("username", ""),
            credentials.get("password", ""),
            hasher=self.hasher,
            unknown_hash=self._unknown_hash,
        )


def csrf_token(request: Request) -> str:
    """Return the session's CSRF token, creating it on first use."""
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def check_csrf(request: Request) -> None:
    """Reject a state-changing request whose CSRF token is missing or wrong (403)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise HTTPException(status_code=403, detail="csrf")


def sign_in(request: Request, store: Store, user: dict[str, Any], policy: SessionPolicy) -> None:
    """Start a fresh server-side session for ``user`` (new id, new CSRF token, nothing carried over)."""
    old_id = request.session.get(SESSION_ID)
    if isinstance(old_id, str) and old_id:
        sessions.revoke_session(store, old_id)
    request.session.clear()
    request.session[SESSION_ID] = sessions.create_session(store, user["name"], policy)
    csrf_token(request)


def sign_out(request: Request, store: Store) -> None:
    """End the session in the store and clear the cookie."""
    session_id = request.session.get(SESSION_ID)
    if isinstance(session_id, str) and session_id:
        sessions.revoke_session(store, session_id)
    request.session.clear()


def session_user(request: Request, store: Store, policy: SessionPolicy) -> WebUser | None:
    """Return the signed-in user, or None when the session is absent, ended or revoked.

    The session and the user row are read on every request (never cached), so
    revoking a session or deactivating a user takes effect at once.
    """
    session_id = request.session.get(SESSION_ID)
    if not isinstance(session_id, str) or not session_id:
        return None
    owner = sessions.session_owner(store, session_id, policy)
    return None if owner is None else WebUser(name=owner["name"], role=owner["role"])


def client_address(request: Request, trusted: Sequence[IPNetwork] = ()) -> str:
    """Return the client's address for throttling (see :mod:`pipeline.clients`)."""
    peer = request.client.host if request.client else "unknown"
    return shared_client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)
