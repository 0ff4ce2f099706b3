"""Run flows for the service and the CLI, with Prefect's API started once per process.

The library never imports Prefect, so the service gets :func:`execute_flow` as
its executor (``pipeline.service.RunManager``). :func:`start_prefect` starts the
ephemeral Prefect API once, with a generous timeout, and keeps it for the life
of the process: starting it per run timed out under CPU load.
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger(__name__)
FLOWS = ("nightly", "ingest")
PREFECT_STARTUP_TIMEOUT_S = 180


def prefect_environment() -> dict[str, str]:
    """Prefect settings Lyhörd runs with; the entry points apply them before Prefect is imported."""
    return {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(PREFECT_STARTUP_TIMEOUT_S),
    }


def apply_prefect_environment(environ: Any = os.environ) -> None:
    """Set the defaults of :func:`prefect_environment` in ``environ`` where the operator set nothing."""
    for key, value in prefect_environment().items():
        environ.setdefault(key, value)


def start_prefect() -> str | None:
    """Start the ephemeral Prefect API now (once per process) unless a server is configured.

    Returns:
        The API URL in use, or None when ``PREFECT_API_URL`` names a server.
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return None
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=PREFECT_STARTUP_TIMEOUT_S)
    return server.api_url


def execute_flow(flow_name: str, run_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """Run one flow to the end in this thread (the service's executor)."""
    from flows.ingest import ingest_inbox_flow
    from flows.nightly import nightly

    if flow_name not in FLOWS:
        raise ValueError(f"unknown flow {flow_name!r}; use one of {', '.join(FLOWS)}")
    common = {
        "db": params.get("db"),
        "dialogue_id": params.get("dialogue_id"),
        "actor": params.get("actor"),
        "trigger": params.get("trigger", "manual"),
        "run_id": run_id,
    }
    if flow_name == "nightly":
        return nightly(refit=bool(params.get("refit")), skip_inbox=bool(params.get("skip_inbox")), **common)
    return ingest_inbox_flow(**common)
