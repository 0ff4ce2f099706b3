"""The loopback admin API: CLI commands and runs from other processes on this machine."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from pipeline.errors import LyhordError, RunBusyError
from pipeline.service.client import TOKEN_HEADER
from pipeline.service.runs import RunManager

CliRunner = Callable[[list[str], str, str], tuple[int, str, str]]


class CliCall(BaseModel):
    """A CLI command forwarded by ``lyhord`` in another shell."""

    argv: list[str] = Field(max_length=200)
    stdin: str = Field("", max_length=1_000_000)
    actor: str = Field(min_length=1, max_length=100)


class RunCall(BaseModel):
    """A flow run requested by another process (CLI, Prefect worker)."""

    flow: str
    dialogue_id: str | None = None
    actor: str = Field(min_length=1, max_length=100)
    trigger: str = "cli"
    params: dict[str, Any] = Field(default_factory=dict)


def _allowed(request: Request, token: str) -> bool:
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    # A reverse proxy on this host also connects from loopback: a forwarded request is never local.
    proxied = any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip"))
    given = request.headers.get(TOKEN_HEADER, "")
    return loopback and not proxied and hmac.compare_digest(given.encode(), token.encode())


def create_admin_router(token: str, runs: RunManager, run_cli: CliRunner, db: str) -> APIRouter:
    """Build ``/_service/cli`` and ``/_service/runs``, open only to loopback callers with the token."""
    router = APIRouter()
    denied = JSONResponse({"error": "forbidden"}, status_code=403)

    @router.post("/_service/cli", include_in_schema=False)
    async def cli(call: CliCall, request: Request) -> JSONResponse:
        if not _allowed(request, token):
            return denied
        code, out, err = await run_in_threadpool(run_cli, call.argv, call.stdin, call.actor)
        return JSONResponse({"code": code, "stdout": out, "stderr": err})

    @router.post("/_service/runs", include_in_schema=False)
    async def run(call: RunCall, request: Request) -> JSONResponse:
        if not _allowed(request, token):
            return denied
        params = dict(call.params, db=db)
        try:
            counts = await run_in_threadpool(
                runs.run,
                call.flow,
                dialogue_id=call.dialogue_id,
                actor=call.actor,
                trigger=call.trigger,
                params=params,
            )
        except RunBusyError as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        except (LyhordError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        except Exception as exc:  # noqa: BLE001 - recorded in pipeline_runs; say only its class
            return JSONResponse({"error": f"the run failed ({type(exc).__name__}); see `lyhord runs`"}, 500)
        return JSONResponse({"counts": counts})

    return router
