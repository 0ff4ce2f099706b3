"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from pipeline.review.audit import record_event
from pipeline.store import Store
from pipeline.web import users
from pipeline.web.auth import check_csrf, client_address, session_user, sign_in, sign_out
from pipeline.web.context import app_ctx, flash, get_store, redirect, render

router = APIRouter()


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
    if session_user(request, store, app_ctx(request).secret) is not None:
        return redirect(_safe_next(next))
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    store: Store = Depends(get_store),
) -> Response:
    """Check the credentials, with throttling per user name and client address."""
    ctx = app_ctx(request)
    address = client_address(request)
    username = username.strip()
    data = {"next": _safe_next(next), "username": username}
    if ctx.throttle.blocked(username, address):
        return render(request, "login.html", {**data, "error": "login.throttled"}, status=429)
    user = ctx.authenticator.authenticate(store, {"username": username, "password": password})
    if user is None:
        ctx.throttle.failed(username, address)
        if ctx.throttle.blocked(username, address) and users.get_user(store, username) is not None:
            # Only known accounts: a typed name may be anything, even a mistyped password.
            record_event(store, actor=username, action="login.locked", after={"via": "web"})
        return render(request, "login.html", {**data, "error": "login.failed"}, status=401)
    ctx.throttle.succeeded(username, address)
    sign_in(request, user, ctx.secret)
    record_event(store, actor=user["name"], action="login", after={"via": ctx.authenticator.name})
    return redirect(_safe_next(next))


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, store: Store = Depends(get_store)) -> Response:
    """End the session."""
    user = session_user(request, store, app_ctx(request).secret)
    sign_out(request)
    if user is not None:
        record_event(store, actor=user.name, action="logout")
    flash(request, "logout.done")
    return redirect("/login")
