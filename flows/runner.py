"""Start flows from the web app without the library importing Prefect.

``lyhord web`` passes :func:`run_flow` to ``pipeline.web.create_app`` as its
``run_flow`` callable. Runs happen in a background thread of the web process,
which shares the store's DuckDB instance, so they never fight the app for the
file lock; their outcome lands in ``pipeline_runs``.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
FLOWS = ("nightly", "ingest")


def run_flow(flow_name: str, dialogue_id: str | None, actor: str, *, db: str | None = None) -> dict:
    """Start ``flow_name`` in the background; returns at once with what was started."""
    if flow_name not in FLOWS:
        raise ValueError(f"unknown flow {flow_name!r}; use one of {', '.join(FLOWS)}")
    thread = threading.Thread(
        target=_run, args=(flow_name, dialogue_id, db, actor), name=f"lyhord-{flow_name}", daemon=True
    )
    thread.start()
    log.info("flow %s started by %s", flow_name, actor)
    return {"flow": flow_name, "dialogue_id": dialogue_id, "started": True}


def _run(flow_name: str, dialogue_id: str | None, db: str | None, actor: str) -> None:
    from flows.ingest import ingest_inbox_flow
    from flows.nightly import nightly

    try:
        if flow_name == "nightly":
            nightly(db=db, dialogue_id=dialogue_id, actor=actor)
        else:
            ingest_inbox_flow(db=db, dialogue_id=dialogue_id, actor=actor)
    except Exception as exc:  # noqa: BLE001 - recorded in pipeline_runs; a thread must not die loudly
        log.warning("flow %s failed: %s", flow_name, type(exc).__name__)
