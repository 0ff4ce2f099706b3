"""Per-app state, request dependencies (store, user, roles) and template rendering."""

from __future__ import annotations

import queue
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from pipeline.languages import language_name
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.web import i18n, urls
from pipeline.web.auth import Authenticator, IPNetwork, WebUser, csrf_token, session_user
from pipeline.web.cache import PageCache
from pipeline.web.sessions import SessionPolicy
from pipeline.web.throttle import LoginThrottle, PasswordGate

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "lyhord_lang"
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["fmt_dt"] = i18n.format_datetime
templates.env.filters["fmt_num"] = i18n.format_number
templates.env.filters["pct"] = i18n.format_percent
templates.env.filters["run_counts"] = i18n.format_run_counts
templates.env.filters["language_name"] = language_name
# Every link to a theme or dialogue goes through these, so ids are escaped in one way.
templates.env.globals["theme_url"] = urls.theme_url
templates.env.globals["dialogue_url"] = urls.dialogue_url


def preload_templates(env: Any) -> int:
    """Compile every template now and never read the files again; return how many.

    A running service keeps its own version's templates when a newer version is
    installed beside it: reading them lazily, a service that had not yet shown a page
    rendered the new template with the old code (an upgrade gave "TemplateAssertionError:
    No filter named …" until the restart).
    """
    env.auto_reload = False
    names = env.list_templates()
    for name in names:
        env.get_template(name)
    return len(names)


class NotSignedIn(Exception):
    """The request needs a signed-in user and has none."""


@dataclass
class WebContext:
    """What every request handler shares: settings, the signing key and pluggable parts.

    ``hasher`` hashes passwords set through the web app; ``gate`` and ``throttle``
    guard the sign-in; ``trusted_proxies`` are the peers whose X-Forwarded-For is believed.
    """

    settings: Settings
    secret: str
    run_flow: Callable[[str, str | None, str], dict[str, Any]] | None
    authenticator: Authenticator
    throttle: LoginThrottle
    keeper: Store | None
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    gate: PasswordGate = field(default_factory=PasswordGate)
    sessions: SessionPolicy = field(default_factory=SessionPolicy)
    trusted_proxies: tuple[IPNetwork, ...] = ()
    cache: PageCache = field(default_factory=PageCache)
    _pool: queue.SimpleQueue[Store] = field(default_factory=queue.SimpleQueue)

    def checkout(self) -> Store:
        """Take an idle store handle (a DuckDB cursor) from the pool, or open one.

        A handle serves one request at a time; reusing them saves opening a
        cursor per request.
        """
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            return Store.open(self.settings)

    def checkin(self, store: Store) -> None:
        """Give a handle back to the pool."""
        self._pool.put(store)

    def close(self) -> None:
        """Stop the password-check threads and release every store handle; the last closes the file."""
        self.gate.close()
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                break
        if self.keeper is not None:
            self.keeper.close()
            self.keeper = None


def app_ctx(request: Request) -> WebContext:
    """Return the app's WebContext."""
    return request.app.state.ctx


async def get_store(request: Request) -> AsyncIterator[Store]:
    """Lend the request a store handle of its own for its whole duration.

    Async because it never blocks: it saves the request a trip through the thread pool.
    """
    ctx = app_ctx(request)
    store = ctx.checkout()
    try:
        yield store
    finally:
        ctx.checkin(store)


async def current_user(request: Request, store: Store = Depends(get_store)) -> WebUser:
    """Return the signed-in user or send the browser to the sign-in page.

    Async: the user lookup is one primary-key read, cheaper on the event loop than a
    trip through the thread pool; the once-a-second cache check runs in the pool.
    """
    ctx = app_ctx(request)
    if ctx.cache.sync_due():
        await run_in_threadpool(ctx.cache.sync, store)
    user = session_user(request, store, ctx.sessions)
    if user is None:
        raise NotSignedIn()
    request.state.user = user
    return user


def require(capability: str) -> Callable[..., Awaitable[WebUser]]:
    """Return a dependency that allows only users whose role grants ``capability`` (else 403)."""

    async def dependency(user: WebUser = Depends(current_user)) -> WebUser:
        if not user.can(capability):
            raise HTTPException(status_code=403)
        return user

    return dependency


def language(request: Request) -> str:
    """Pick the page language: ``?lang=``, then the cookie, then the settings (Swedish)."""
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if wanted in i18n.LANGUAGES:
        return wanted
    default = app_ctx(request).settings.language
    return default if default in i18n.LANGUAGES else "sv"


def flash(request: Request, key: str, kind: str = "info", detail: str | None = None) -> None:
    """Queue a message (catalogue key, optional untranslated detail) for the next page."""
    request.session.setdefault("flash", []).append({"key": key, "kind": kind, "detail": detail})


def redirect(url: str) -> RedirectResponse:
    """Return a See Other redirect (POST → GET)."""
    return RedirectResponse(url, status_code=303)


async def cached(ctx: WebContext, key: Any, compute: Callable[[], Any]) -> Any:
    """Return a cached value on the event loop, or compute it in the thread pool on a miss."""
    hit = ctx.cache.peek(key)
    if hit is not None:
        return hit
    return await run_in_threadpool(ctx.cache.get_or_compute, key, compute)


def fragment(request: Request, name: str, data: dict[str, Any]) -> Markup:
    """Render a page part that depends only on ``data``, the user's role and the language (cacheable).

    Fragments never contain the CSRF token or messages, so they can be shared
    by every user of the same role.
    """
    lang = language(request)
    context = {"user": getattr(request.state, "user", None), "lang": lang, "t": i18n.translator(lang), **data}
    return Markup(templates.env.get_template(name).render(context))


def render(request: Request, name: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a template with the shared page context (user, language, CSRF token, messages)."""
    lang = language(request)
    messages = request.session.pop("flash", []) if "session" in request.scope else []
    context = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "lang": lang,
        "t": i18n.translator(lang),
        "csrf": csrf_token(request) if "session" in request.scope else "",
        "messages": messages,
        "path": request.url.path,
        **data,
    }
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    response.headers["Cache-Control"] = "no-store"
    return response


# One dependency per capability (module-level, so route signatures call no function).
can_review = require("review")
can_restructure = require("restructure")
can_run = require("runs")
can_audit = require("audit")
can_manage_users = require("users")
