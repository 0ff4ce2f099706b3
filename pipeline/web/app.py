"""The FastAPI application factory for Lyhörd's web app.

``create_app(settings, run_flow=...)`` builds an app that reads and writes the
same store as the CLI and calls the same review functions. It never imports
Prefect: the CLI passes ``run_flow``, a callable that starts a flow.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from pipeline.clients import parse_networks
from pipeline.errors import NotFoundError, PermissionDeniedError
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.web.auth import Authenticator, PasswordAuthenticator
from pipeline.web.context import NotSignedIn, WebContext, preload_templates, render, templates
from pipeline.web.security import SecurityHeadersMiddleware
from pipeline.web.sessions import SessionPolicy
from pipeline.web.throttle import LoginThrottle, PasswordGate

RunFlow = Callable[[str, str | None, str], dict[str, Any]]
HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "lyhord_session"


def _secret(settings: Settings) -> str:
    """Return the session signing key: the setting, else a key file kept in the data folder."""
    if settings.web_secret_key is not None:
        return settings.web_secret_key.get_secret_value()
    path = Path(settings.data_dir) / "web_secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key, encoding="utf-8")
    return key


def create_app(
    settings: Settings,
    *,
    run_flow: RunFlow | None = None,
    authenticator: Authenticator | None = None,
    secure_cookies: bool | None = None,
    throttle: LoginThrottle | None = None,
    hasher: PasswordHasher | None = None,
    gate: PasswordGate | None = None,
) -> FastAPI:
    """Build the web app.

    Args:
        settings: Store location and web settings (``web_secret_key``, ``web_cookie_secure``,
            ``web_hsts``, ``web_trusted_proxies``, ``web_session_*``).
        run_flow: ``(flow_name, dialogue_id, actor) -> dict`` that starts ``ingest`` or
            ``nightly``; without it the flow buttons are disabled.
        authenticator: How users sign in; defaults to user name and password checked with ``hasher``.
        secure_cookies: Overrides ``settings.web_cookie_secure`` (send the session cookie only
            over HTTPS; HSTS follows it unless ``settings.web_hsts`` is off).
        throttle: Client failure budget and account lockout (``LoginThrottle()`` by default).
        hasher: The argon2 hasher for checking and setting passwords (argon2-cffi's default
            cost unless given; tests pass ``users.cheap_hasher()``).
        gate: Bounds the password checks running at once (``PasswordGate()`` by default).

    Returns:
        The FastAPI application.
    """
    preload_templates(templates.env)
    keeper = Store.open(settings)  # holds the shared DuckDB instance open for the app's lifetime
    secret = _secret(settings)
    secure = settings.web_cookie_secure if secure_cookies is None else secure_cookies
    hasher = hasher or PasswordHasher()
    policy = SessionPolicy.from_settings(settings)
    ctx = WebContext(
        settings=settings,
        secret=secret,
        run_flow=run_flow,
        authenticator=authenticator or PasswordAuthenticator(hasher),
        throttle=throttle or LoginThrottle(),
        keeper=keeper,
        hasher=hasher,
        gate=gate or PasswordGate(),
        sessions=policy,
        trusted_proxies=parse_networks(settings.web_trusted_proxies),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        yield
        ctx.close()

    app = FastAPI(title="Lyhörd", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.ctx = ctx
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=int(policy.max_age_s),
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=secure and settings.web_hsts)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_routes(app)
    _add_handlers(app)
    return app


def _add_routes(app: FastAPI) -> None:
    from pipeline.web.routes import admin, auth_pages, dialogues, exports, themes

    @app.get("/health", include_in_schema=False)
    def health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    for module in (auth_pages, dialogues, themes, exports, admin):
        app.include_router(module.router)


_STATUS_KEYS = {
    400: "error.400",
    401: "error.401",
    403: "error.403",
    404: "error.404",
    429: "error.429",
    503: "error.503",
}


def _error_page(request: Request, status: int, detail: str | None = None) -> Response:
    key = _STATUS_KEYS.get(status, "error.other")
    if detail == "csrf":
        key = "error.csrf"
    return render(request, "error.html", {"status": status, "message_key": key}, status=status)


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            from urllib.parse import quote

            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return _error_page(request, 401)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error_page(request, exc.status_code, str(exc.detail) if exc.detail else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's default echoes the submitted values back; show the plain error page instead.
        return _error_page(request, 400)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error_page(request, 404)

    @app.exception_handler(PermissionDeniedError)
    async def denied(request: Request, exc: PermissionDeniedError) -> Response:
        return _error_page(request, 403)

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def starlette_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_page(request, exc.status_code)
