"""HTTP receiver for web forms, acknowledged only after commit.

``create_receiver_router(settings)`` gives the routes the service mounts:
``POST /dialogues/{dialogue_id}/submissions`` and ``POST /submissions`` (the
default dialogue), each with its CORS preflight. ``create_receiver_app`` wraps
them in a small app for ``lyhord receive``. A post is answered:

- 201 with the submission id once its row is committed, 200 with the same id
  when it was already stored (a retried POST);
- 401 without the dialogue's form key in ``X-Lyhord-Form-Key``, 403 with a
  wrong (or rotated) key, 404 for an unknown dialogue;
- 413 for a body over ``receive_max_bytes``, 415 for anything but
  ``application/json``, 422 for a malformed body or a date outside the
  dialogue's period (see ``pipeline.ingest.webform``);
- 429 with ``Retry-After`` when the client posts faster than its token bucket
  allows, 503 when another process holds the store.

Error messages name fields, never their values, and nothing of a body is
logged. Each post opens its own store handle in a worker thread: inside the
service that handle shares the service's DuckDB instance, so posts keep being
committed while a nightly run writes; alone (``lyhord receive``) the file is
released between posts.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from typing import Any

import anyio
import anyio.to_thread
import duckdb
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from pipeline.clients import client_address, parse_networks
from pipeline.errors import StoreBusyError
from pipeline.ingest.formkeys import check_form_key
from pipeline.ingest.ratelimit import TokenBuckets
from pipeline.ingest.staging import insert_record
from pipeline.ingest.webform import FormRefusal, form_rules, parse_body, to_record, validate_submission
from pipeline.settings import Settings
from pipeline.stages import new_run_id
from pipeline.store import Store

log = logging.getLogger(__name__)
KEY_HEADER = "X-Lyhord-Form-Key"
_ALLOWED_HEADERS = {"content-type", KEY_HEADER.lower()}
_COMMIT_ATTEMPTS = 3
# Posts are committed one at a time anyway; a few threads of their own leave the shared
# thread pool to the web app however many posts arrive at once.
_THREADS = 8


class _Receiver:
    """What the receiver's routes share: settings, the rate limit, CORS origins and run ids."""

    def __init__(self, settings: Settings, default_dialogue_id: str) -> None:
        self.settings = settings
        self.default_dialogue_id = default_dialogue_id
        self.buckets = TokenBuckets(settings.receive_rate_per_min, settings.receive_rate_burst)
        self.trusted = parse_networks(settings.web_trusted_proxies)
        self.origins = frozenset(settings.receive_cors_origins)
        self._run_prefix = new_run_id("receive")
        self.threads = anyio.CapacityLimiter(_THREADS)

    def run_id(self, dialogue_id: str) -> str:
        """One ``ingest_runs`` row per dialogue for as long as this receiver runs."""
        return self._run_prefix if dialogue_id == self.default_dialogue_id else f"{self._run_prefix}:{dialogue_id}"

    def cors_headers(self, request: Request) -> dict[str, str]:
        """CORS headers for a response to ``request``: only for a configured origin."""
        origin = request.headers.get("origin")
        if origin is None or origin not in self.origins:
            return {"Vary": "Origin"} if self.origins else {}
        return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "Retry-After", "Vary": "Origin"}

    def client(self, request: Request) -> str:
        """The client's address, believing X-Forwarded-For only from a trusted proxy."""
        peer = request.client.host if request.client else "unknown"
        return client_address(peer, request.headers.getlist("x-forwarded-for"), self.trusted)

    async def post(self, request: Request, dialogue_id: str) -> Response:
        """Answer one form post (see the module docstring for the status codes)."""
        headers = self.cors_headers(request)
        wait = self.buckets.take(self.client(request))
        try:
            if wait:
                headers["Retry-After"] = TokenBuckets.retry_after(wait)
                raise FormRefusal(429, "för många inskick; försök igen senare", "too many posts; try again later")
            presented = _presented_key(request)
            body = await _read_limited(request, self.settings.receive_max_bytes)
            ident, created, notes = await anyio.to_thread.run_sync(
                self.commit, dialogue_id, presented, body, limiter=self.threads
            )
        except FormRefusal as refusal:
            level = logging.DEBUG if refusal.status == 429 else logging.INFO  # a flood must not flood the log
            log.log(level, "receiver refused a post: %d %s", refusal.status, ",".join(refusal.fields))
            if refusal.status == 401:
                headers["WWW-Authenticate"] = KEY_HEADER
            return JSONResponse(refusal.body(), refusal.status, headers)
        except StoreBusyError:
            headers["Retry-After"] = "30"
            busy = {"detail": "databasen är upptagen; försök igen", "detail_en": "the store is busy; try again"}
            return JSONResponse(busy, 503, headers)
        answer: dict[str, Any] = {"id": ident, "status": "created" if created else "duplicate"}
        if notes:
            answer["unrecognised"] = notes
        return JSONResponse(answer, 201 if created else 200, headers)

    def commit(self, dialogue_id: str, presented: str, body: bytes) -> tuple[str, bool, list[str]]:
        """Check the key and the body, then commit the post; return (id, created, unrecognised fields)."""
        with Store.open(self.settings) as store:
            rules = form_rules(store, dialogue_id, margin_days=self.settings.receive_date_margin_days)
            if rules is None:
                raise FormRefusal(404, "okänd dialog", "unknown dialogue")
            if not check_form_key(store, dialogue_id, presented):
                raise FormRefusal(403, "fel formulärnyckel", "wrong form key")
            submission = validate_submission(parse_body(body))
            record = to_record(submission, rules, received_at=datetime.now())
            ident, created = store_submission(
                store, record, dialogue_id=dialogue_id, run_id=self.run_id(dialogue_id), actor=self.settings.actor
            )
        notes = [name.removesuffix("_unrecognised") for name in json.loads(record["extra"] or "{}")]
        return ident, created, notes

    def preflight(self, request: Request) -> Response:
        """Answer a CORS preflight: allowed only from a configured origin, for POST with our headers."""
        headers = self.cors_headers(request)
        method = request.headers.get("access-control-request-method", "")
        wanted = {h.strip().lower() for h in request.headers.get("access-control-request-headers", "").split(",")}
        if "Access-Control-Allow-Origin" not in headers or method != "POST" or not (wanted - {""}) <= _ALLOWED_HEADERS:
            return Response(status_code=403, headers={"Vary": "Origin"})
        headers.update(
            {
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": f"Content-Type, {KEY_HEADER}",
                "Access-Control-Max-Age": "600",
            }
        )
        return Response(status_code=204, headers=headers)


def store_submission(
    store: Store, record: dict[str, Any], *, dialogue_id: str, run_id: str, actor: str
) -> tuple[str, bool]:
    """Commit one staging record; return (id, created). Duplicates return their existing id.

    A write conflict with another thread of the same process is retried a few times
    before the post is answered 503.
    """
    for attempt in range(_COMMIT_ATTEMPTS):
        try:
            return _commit_record(store, record, dialogue_id=dialogue_id, run_id=run_id, actor=actor)
        except duckdb.TransactionException:
            if attempt == _COMMIT_ATTEMPTS - 1:
                raise StoreBusyError("write conflict on the store; the client may retry") from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _commit_record(
    store: Store, record: dict[str, Any], *, dialogue_id: str, run_id: str, actor: str
) -> tuple[str, bool]:
    with store.raw_access("ingest"), store.transaction():
        ident, created = insert_record(store, record, dialogue_id=dialogue_id, run_id=run_id)
        if ident is None:  # validation requires words, so cleaning cannot empty the text
            raise FormRefusal(422, "fältet 'text' saknar ord", "field 'text' has no words", ("text",))
        now = datetime.now()
        store.execute(
            "INSERT INTO ingest_runs (id, actor, started_at, finished_at, dialogue_id, paths, accepted, "
            "duplicates, status) VALUES (?, ?, ?, ?, ?, ['http'], ?, ?, 'receiving') ON CONFLICT (id) DO "
            "UPDATE SET accepted = ingest_runs.accepted + excluded.accepted, "
            "duplicates = ingest_runs.duplicates + excluded.duplicates, finished_at = excluded.finished_at",
            [run_id, actor, now, now, dialogue_id, int(created), int(not created)],
        )
    return ident, created


def create_receiver_router(settings: Settings, *, default_dialogue_id: str | None = None) -> APIRouter:
    """Build the receiver's routes for the service to mount.

    Args:
        settings: Limits (``receive_*``), trusted proxies (``web_trusted_proxies``) and the store.
        default_dialogue_id: The dialogue of ``POST /submissions``; None for the default
            dialogue (created on first use).
    """
    if default_dialogue_id is None:
        from pipeline.dialogues import ensure_default_dialogue

        with Store.open(settings) as store:
            default_dialogue_id = ensure_default_dialogue(store).id
    receiver = _Receiver(settings, default_dialogue_id)
    router = APIRouter()

    @router.post("/submissions")
    async def submit_default(request: Request) -> Response:
        return await receiver.post(request, receiver.default_dialogue_id)

    @router.post("/dialogues/{dialogue_id:path}/submissions")
    async def submit(request: Request, dialogue_id: str) -> Response:
        return await receiver.post(request, dialogue_id)

    @router.options("/submissions")
    @router.options("/dialogues/{dialogue_id:path}/submissions")
    async def preflight(request: Request) -> Response:
        return receiver.preflight(request)

    return router


def create_receiver_app(settings: Settings, dialogue_id: str | None = None) -> FastAPI:
    """Build the standalone receiver app; ``POST /submissions`` goes to ``dialogue_id`` (default when None)."""
    from pipeline.dialogues import get_dialogue

    if dialogue_id is not None:
        with Store.open(settings) as store:
            get_dialogue(store, dialogue_id)
    router = create_receiver_router(settings, default_dialogue_id=dialogue_id)
    app = FastAPI(title="Lyhörd receiver", docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(router)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _presented_key(request: Request) -> str:
    """Return the form key sent, after the content-type check (415, then 401 without a key)."""
    media, _, params = request.headers.get("content-type", "").partition(";")
    charset = params.strip().lower().replace(" ", "")
    if media.strip().lower() != "application/json" or charset not in ("", "charset=utf-8", 'charset="utf-8"'):
        raise FormRefusal(
            415, "innehållet måste vara application/json", "the content type must be application/json", ()
        )
    presented = request.headers.get(KEY_HEADER)
    if not presented:
        raise FormRefusal(401, f"formulärnyckel saknas ({KEY_HEADER})", f"the form key ({KEY_HEADER}) is missing")
    return presented


async def _read_limited(request: Request, limit: int) -> bytes:
    """Read the body, refusing it with 413 as soon as it is larger than ``limit``."""
    too_big = FormRefusal(413, f"för stor begäran (högst {limit} byte)", f"request too large (at most {limit} bytes)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)
