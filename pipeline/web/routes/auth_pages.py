"""Sign-in and sign-out pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from pipeline.review.audit import record_event
from pipeline.store import Store
from pipeline.web import users
from pipeline.web.auth import check_csrf, client_address, session_user, sign_in, sign_out
from pipeline.web.context import WebContext, app_ctx, flash, get_store, redirect, render
from pipeline.web.throttle import GateBusy

router = APIRouter()
MAX_NAME_LENGTH = 64  # as users._NAME allows; longer names are cut before they are remembered
BUSY_RETRY_S = 5


def _safe_next(target: str | None) -> str:
    """Allow only local paths as the post-login target (no open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, next: str = "/", store: Store = Depends(get_store)) -> Response:
    """Show the sign-in form (or go on when already signed in)."""
    if session_user(request, store, app_ctx(request).sessions) is not None:
        return redirect(_safe_next(next))
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@dataclass(frozen=True)
class _Attempt:
    """What one sign-in attempt came to: ``ok``, ``failed`` or ``throttled``."""

    outcome: str
    user: dict[str, Any] | None = None
    locked: bool = False


def _attempt(ctx: WebContext, username: str, password: str, client: str) -> _Attempt:
    """Check the credentials; runs in a checking thread while holding a slot of the password gate.

    The lockout is checked again here and a failure recorded before the slot is
    given back, so concurrent guesses cannot slip past a lock that is being set.
    Only this thread takes a store handle, so requests turned away never take one.
    """
    if ctx.throttle.refusal(username, client) is not None:
        return _Attempt("throttled")
    store = ctx.checkout()
    try:
        user = ctx.authenticator.authenticate(store, {"username": username, "password": password})
        if user is not None:
            ctx.throttle.succeeded(username)
            return _Attempt("ok", user)
        known = bool(username) and users.get_user(store, username) is not None
    finally:
        ctx.checkin(store)
    return _Attempt("failed", locked=ctx.throttle.failed(username, client, known=known) and known)


def _login_page(request: Request, data: dict[str, Any], error: str, status: int, retry_s: int = 0) -> Response:
    response = render(request, "login.html", {**data, "error": error}, status=status)
    if retry_s:
        response.headers["Retry-After"] = str(retry_s)
    return response


def _throttled(request: Request, data: dict[str, Any], client: str) -> Response:
    retry_s = app_ctx(request).throttle.retry_after_s(data["username"], client)
    return _login_page(request, data, "login.throttled", 429, max(1, retry_s))


@router.post("/login", dependencies=[Depends(check_csrf)])
async def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
) -> Response:
    """Check the credentials behind the client budget, the account lockout and the password gate.

    Async, so requests waiting for the gate hold no thread and no store handle; only the
    gate's few argon2 checks and the store writes after them run in threads.
    """
    ctx = app_ctx(request)
    client = client_address(request, ctx.trusted_proxies)
    username = username.strip()[:MAX_NAME_LENGTH]
    data = {"next": _safe_next(next), "username": username}
    if ctx.throttle.refusal(username, client) is not None:
        return _throttled(request, data, client)
    try:
        attempt = await ctx.gate.run(_attempt, ctx, username, password, client)
    except GateBusy:
        return _login_page(request, data, "login.busy", 503, BUSY_RETRY_S)
    if attempt.outcome == "throttled":
        return _throttled(request, data, client)
    if attempt.user is None:
        if attempt.locked:
            await run_in_threadpool(_record_lock, ctx, username)
        return _login_page(request, data, "login.failed", 401)
    await run_in_threadpool(_start_session, request, ctx, attempt.user)
    return redirect(_safe_next(next))


def _record_lock(ctx: WebContext, username: str) -> None:
    # Only known accounts: a typed name may be anything, even a mistyped password.
    store = ctx.checkout()
    try:
        record_event(store, actor=username, action="login.locked", after={"via": "web"})
    finally:
        ctx.checkin(store)


def _start_session(request: Request, ctx: WebContext, user: dict[str, Any]) -> None:
    store = ctx.checkout()
    try:
        sign_in(request, store, user, ctx.sessions)
        record_event(store, actor=user["name"], action="login", after={"via": ctx.authenticator.name})
    finally:
        ctx.checkin(store)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, store: Store = Depends(get_store)) -> Response:
    """End the session, in the store as well as in the browser."""
    user = session_user(request, store, app_ctx(request).sessions)
    sign_out(request, store)
    if user is not None:
        record_event(store, actor=user.name, action="logout")
    flash(request, "logout.done")
    return redirect("/login")
