"""The service app: web app, form receiver, admin API, health, schedule and runs in one process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from pipeline.runs import mark_unfinished
from pipeline.service import stdio
from pipeline.service.admin import CliRunner, create_admin_router
from pipeline.service.client import remove_service_files, write_service_files
from pipeline.service.runs import Executor, RunManager
from pipeline.service.schedule import Scheduler
from pipeline.settings import Settings
from pipeline.store import Store

log = logging.getLogger(__name__)


@dataclass
class Service:
    """What the running service holds; CLI commands forwarded to it see it as ``current_service``."""

    settings: Settings
    runs: RunManager
    scheduler: Scheduler | None = None
    ready: threading.Event = field(default_factory=threading.Event)


def _open(settings: Settings) -> Callable[[], Store]:
    return lambda: Store.open(settings)


def _executor(execute: Executor, ready: threading.Event) -> Executor:
    def run(flow: str, run_id: str, params: dict[str, Any]) -> dict[str, Any]:
        ready.wait()  # the flow engine (Prefect's API) is started once, at service start
        return execute(flow, run_id, params)

    return run


def create_service(settings: Settings, execute: Executor) -> Service:
    """Build the service's run manager and schedule (nothing starts yet)."""
    ready = threading.Event()
    runs = RunManager(_open(settings), _executor(execute, ready))
    db = str(settings.db_path)

    def nightly() -> None:
        runs.start("nightly", dialogue_id=None, actor="schema", trigger="schedule", params={"db": db})

    scheduler = Scheduler(settings.nightly_cron, settings.nightly_timezone, nightly)
    return Service(settings, runs, scheduler, ready)


def create_service_app(
    service: Service,
    web_app: FastAPI,
    receiver: Any,
    run_cli: CliRunner,
    *,
    host: str,
    port: int,
    start_engine: Callable[[], object],
) -> FastAPI:
    """Assemble the one app the service serves.

    Args:
        service: From :func:`create_service`.
        web_app: The officials' web app (mounted at ``/``).
        receiver: The form receiver's router (``POST /dialogues/{id}/submissions``).
        run_cli: Runs a forwarded CLI command in this process.
        host: The address served (for the service info file).
        port: The port served.
        start_engine: Starts the flow engine once (Prefect's API); runs wait for it.
    """
    settings = service.settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        _start(service, host, port, start_engine)
        try:
            yield
        finally:
            _stop(service)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    token = write_service_files(settings, host, port)
    app.include_router(create_admin_router(token, service.runs, run_cli, str(settings.db_path)))

    @app.get("/health", include_in_schema=False)
    def health() -> JSONResponse:
        return JSONResponse(_health(service))

    app.include_router(receiver)

    app.mount("/", web_app)
    return app


def _start(service: Service, host: str, port: int, start_engine: Callable[[], object]) -> None:
    stdio.install()
    with Store.open(service.settings) as store:
        crashed = mark_unfinished(store, "crashed", "the service stopped during the run (crash or kill)")
    if crashed:
        log.warning("marked %d unfinished run(s) as crashed", crashed)

    def engine() -> None:
        try:
            start_engine()
        except Exception as exc:  # noqa: BLE001 - runs then fail and are recorded; the app keeps serving
            log.error("flow engine did not start: %s", type(exc).__name__)
        service.ready.set()
        _warm_up(service.settings)

    threading.Thread(target=engine, name="lyhord-engine", daemon=True).start()
    if service.scheduler is not None:
        service.scheduler.start()
    log.info("service started on %s:%d", host, port)


def _warm_up(settings: Settings) -> None:
    """Load the embedder and the stance model as the service starts.

    An official's first move or split of the day is then summarised in a second or two
    rather than waiting for the models to load.
    """
    started = time.monotonic()
    try:
        from pipeline.summaries.stance import load_stance_model
        from pipeline.themes.embed import get_embedder

        get_embedder(settings).embed(["Bussen till Resecentrum går för sällan."])
        load_stance_model()  # the summaries stage loads it from the same place
    except Exception as exc:  # noqa: BLE001 - a model that cannot load fails the run that needs it, with its message
        log.warning("models were not loaded ahead: %s", type(exc).__name__)
        return
    log.info("models loaded in %.1f s", time.monotonic() - started)


def _stop(service: Service) -> None:
    if service.scheduler is not None:
        service.scheduler.stop()
    left = service.runs.wait_all(service.settings.service_shutdown_grace_s)
    if left:
        with Store.open(service.settings) as store:
            mark_unfinished(store, "interrupted", "the service was stopped (SIGTERM) during the run")
        log.warning("stopped with %d run(s) interrupted", len(left))
    remove_service_files(service.settings)
    log.info("service stopped")


def _health(service: Service) -> dict[str, Any]:
    with Store.open(service.settings) as store:
        last = store.records(
            "SELECT status, trigger, finished_at FROM pipeline_runs WHERE flow = 'nightly' "
            "AND status <> 'refused' ORDER BY started_at DESC LIMIT 1"
        )
    scheduler = service.scheduler
    return {
        "status": "ok",
        "engine_ready": service.ready.is_set(),
        "runs_in_progress": len(service.runs.active()),
        "next_scheduled": scheduler.next_at.isoformat() if scheduler and scheduler.next_at else None,
        "last_nightly": {k: str(v) if v is not None else None for k, v in last[0].items()} if last else None,
    }
