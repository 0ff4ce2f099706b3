"""HTTP receiver for web forms: ``POST /submissions`` acknowledged only after commit.

A POST is answered 201 with the submission id once its row is committed, 200
with the same id when it was already stored (a retried POST), 413 for a body
larger than ``settings.receive_max_bytes``, 422 for an invalid payload and 503
when the store is busy. Error messages name fields, never their values. The
store is opened per request, so the receiver never holds the file lock
between requests and the nightly flow can still write.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import StoreBusyError
from pipeline.ingest.staging import Stager
from pipeline.settings import Settings
from pipeline.stages import new_run_id
from pipeline.store import Store

log = logging.getLogger(__name__)
_LOCAL = ZoneInfo("Europe/Stockholm")
MAX_TEXT = 20_000


class WebSubmission(BaseModel):
    """The JSON body of a web form POST."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    district: str | None = Field(None, max_length=200)
    age_group: str | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    name: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40, pattern=r"^[0-9+()\-\s./]{5,40}$")
    submitted_at: datetime | None = None
    id: str | None = Field(None, min_length=1, max_length=200)

    @field_validator("text")
    @classmethod
    def _has_content(cls, value: str) -> str:
        if not any(c.isalnum() for c in value):
            raise ValueError("must contain words")
        return value

    def source_key(self) -> str:
        """The client's id, else a hash of the whole payload (so a retried POST maps to the same row)."""
        if self.id:
            return f"webform:{self.id}"
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return "webform:api:" + hashlib.sha256(payload.encode()).hexdigest()[:32]

    def record(self) -> dict[str, Any]:
        """Return the staging record for this submission."""
        when = self.submitted_at
        if when is not None and when.tzinfo is not None:
            when = when.astimezone(_LOCAL).replace(tzinfo=None)
        return {
            "channel": "webform",
            "source": "http",
            "source_ref": self.id,
            "source_key": self.source_key(),
            "received_at": when or datetime.now(),
            "text": self.text,
            "contact_name": self.name,
            "contact_email": self.email,
            "contact_phone": self.phone,
            "district": self.district,
            "age_group": self.age_group,
        }


def describe_errors(exc: ValidationError) -> str:
    """Say which fields are wrong and why, without echoing any submitted value."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in error.get("loc", ())) or "body"
        kind = error.get("type", "")
        reason = {
            "missing": "saknas",
            "string_too_short": "är tomt",
            "string_too_long": "är för långt",
            "string_pattern_mismatch": "har fel format",
            "string_type": "måste vara text",
            "datetime_from_date_parsing": "måste vara ett datum (ISO 8601)",
            "datetime_parsing": "måste vara ett datum (ISO 8601)",
            "value_error": "saknar ord",
        }.get(kind, "är ogiltigt")
        parts.append(f"fältet '{where}' {reason}")
    return "; ".join(parts)


def store_submission(
    store: Store, submission: WebSubmission, *, dialogue_id: str, run_id: str, actor: str
) -> tuple[str, bool]:
    """Commit one submission; return (id, created). Duplicates return their existing id."""
    stager = Stager(store, dialogue_id)
    try:
        stager.append_records([submission.record()])
        ident = stager.accepted_ids()[0]
        with store.raw_access("ingest"), store.transaction():
            counts = stager.commit_into_raw(run_id)
            store.execute(
                "INSERT INTO ingest_runs (id, actor, started_at, finished_at, dialogue_id, paths, accepted, "
                "duplicates, status) VALUES (?, ?, ?, ?, ?, ['http'], ?, ?, 'receiving') ON CONFLICT (id) DO "
                "UPDATE SET accepted = ingest_runs.accepted + excluded.accepted, "
                "duplicates = ingest_runs.duplicates + excluded.duplicates, finished_at = excluded.finished_at",
                [run_id, actor, datetime.now(), datetime.now(), dialogue_id, counts.accepted, counts.duplicates],
            )
    finally:
        stager.drop()
    return ident, counts.accepted == 1


def create_receiver_app(settings: Settings, dialogue_id: str | None = None) -> FastAPI:
    """Build the FastAPI receiver app for ``dialogue_id`` (the default dialogue when None)."""
    from pipeline.dialogues import ensure_default_dialogue, get_dialogue

    with Store.open(settings) as store:
        dialogue = get_dialogue(store, dialogue_id) if dialogue_id else ensure_default_dialogue(store)
    run_id = new_run_id("receive")
    app = FastAPI(title="Lyhörd receiver", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "dialogue": dialogue.id}

    @app.post("/submissions")
    async def submit(request: Request) -> JSONResponse:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.receive_max_bytes:
            return _error(413, f"för stor begäran (högst {settings.receive_max_bytes} byte)")
        body = await _read_limited(request, settings.receive_max_bytes)
        if body is None:
            return _error(413, f"för stor begäran (högst {settings.receive_max_bytes} byte)")
        try:
            payload = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _error(422, "kroppen är inte giltig JSON")
        if not isinstance(payload, dict):
            return _error(422, "kroppen måste vara ett JSON-objekt")
        try:
            submission = WebSubmission.model_validate(payload)
        except ValidationError as exc:
            return _error(422, describe_errors(exc))
        try:
            with Store.open(settings) as store:
                ident, created = store_submission(
                    store, submission, dialogue_id=dialogue.id, run_id=run_id, actor=settings.actor
                )
        except StoreBusyError:
            return JSONResponse({"detail": "databasen är upptagen; försök igen"}, 503, {"Retry-After": "30"})
        status = 201 if created else 200
        return JSONResponse({"id": ident, "status": "created" if created else "duplicate"}, status)

    return app


async def _read_limited(request: Request, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status)
