"""Sign-in, sessions, CSRF tokens, login throttling and role checks for the web app.

The session cookie (Starlette's signed ``SessionMiddleware``) holds only the
user name, a fingerprint of the user's password hash and the CSRF token; the
user's role and state are read from the store on every request, so removing a
user, changing a role or a password takes effect at once.

``Authenticator`` is the seam for the city's SSO: an OIDC implementation would
redirect in ``start_login`` and map the returned identity to a ``users`` row;
the rest of the app only sees ``WebUser``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import HTTPException, Request

from pipeline.store import Store
from pipeline.web import users

CAPABILITIES: dict[str, frozenset[str]] = {
    "reader": frozenset({"read"}),
    "official": frozenset({"read", "drafts", "review", "audit"}),
    "analyst": frozenset({"read", "drafts", "restructure", "runs", "audit"}),
    "admin": frozenset({"read", "drafts", "review", "restructure", "runs", "audit", "users"}),
}
SESSION_USER = "user"
SESSION_FP = "fp"
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

    def authenticate(self, store: Store, credentials: dict[str, str]) -> dict[str, Any] | None:
        """Check the name and password against the stored argon2 hash."""
        return users.verify_password(store, credentials.get("username", ""), credentials.get("password", ""))


class LoginThrottle:
    """Refuse sign-in after ``limit`` failures per user name and client address in ``window_s``."""

    def __init__(self, limit: int = 5, window_s: float = 15 * 60) -> None:
        """Keep failure times in memory (one app process serves the city)."""
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def blocked(self, username: str, address: str) -> bool:
        """Say whether this user name from this address is locked out now."""
        with self._lock:
            return len(self._recent((username.lower(), address), time.monotonic())) >= self.limit

    def failed(self, username: str, address: str) -> None:
        """Record one failed attempt."""
        with self._lock:
            now = time.monotonic()
            self._recent((username.lower(), address), now).append(now)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a user name and address after a good sign-in."""
        with self._lock:
            self._failures.pop((username.lower(), address), None)


def fingerprint(secret: str, password_hash: str) -> str:
    """Return a short keyed digest of a password hash (changes when the password does)."""
    return hmac.new(secret.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:32]


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


def sign_in(request: Request, user: dict[str, Any], secret: str) -> None:
    """Start a fresh session for ``user`` (new CSRF token, no carried-over state)."""
    request.session.clear()
    request.session[SESSION_USER] = user["name"]
    request.session[SESSION_FP] = fingerprint(secret, user["password_hash"])
    csrf_token(request)


def sign_out(request: Request) -> None:
    """End the session."""
    request.session.clear()


def session_user(request: Request, store: Store, secret: str) -> WebUser | None:
    """Return the signed-in user, or None when the session is absent or stale.

    The row is read on every request (never cached), so removing a user or
    changing a password or role takes effect at once.
    """
    name = request.session.get(SESSION_USER)
    if not name:
        return None
    row = users.get_user(store, name)
    if row is None or not row["active"]:
        return None
    if not hmac.compare_digest(request.session.get(SESSION_FP, ""), fingerprint(secret, row["password_hash"])):
        return None
    return WebUser(name=row["name"], role=row["role"])


def client_address(request: Request) -> str:
    """Return the client's address for throttling (the app runs behind no proxy by default)."""
    return request.client.host if request.client else "unknown"
