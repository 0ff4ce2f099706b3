"""Records of flow and stage runs in ``pipeline_runs`` (counts and safe errors only)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from pipeline.errors import LyhordError
from pipeline.store import Store


@contextmanager
def recorded_run(
    store: Store, *, run_id: str, flow: str, actor: str, dialogue_id: str | None = None, trigger: str = "manual"
) -> Iterator[dict[str, Any]]:
    """Record a run: yields a dict the caller fills with counts; errors are kept as class + safe message."""
    counts: dict[str, Any] = {}
    store.execute(
        "INSERT OR REPLACE INTO pipeline_runs (id, flow, dialogue_id, actor, trigger, started_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, 'running')",
        [run_id, flow, dialogue_id, actor, trigger, datetime.now()],
    )
    try:
        yield counts
    except BaseException as exc:
        # A LyhordError's message is written to be safe; anything else keeps only its class,
        # since library messages may quote data.
        error = f"{type(exc).__name__}: {exc}" if isinstance(exc, LyhordError) else type(exc).__name__
        _finish(store, run_id, "failed", counts, error)
        raise
    _finish(store, run_id, "completed", counts, None)


def _finish(store: Store, run_id: str, status: str, counts: dict[str, Any], error: str | None) -> None:
    store.execute(
        "UPDATE pipeline_runs SET finished_at = ?, status = ?, counts = ?, error = ? WHERE id = ?",
        [datetime.now(), status, json.dumps(counts, default=str), error, run_id],
    )


def record_refused(
    store: Store, *, run_id: str, flow: str, dialogue_id: str | None, actor: str, trigger: str, error: str
) -> None:
    """Record a trigger that was refused because another run was in progress."""
    now = datetime.now()
    store.execute(
        "INSERT INTO pipeline_runs (id, flow, dialogue_id, actor, trigger, started_at, finished_at, status, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'refused', ?)",
        [run_id, flow, dialogue_id, actor, trigger, now, now, error],
    )


def mark_unfinished(store: Store, status: str, error: str) -> int:
    """Close every run still marked running (after a crash, or on shutdown); return how many."""
    n = store.scalar("SELECT count(*) FROM pipeline_runs WHERE status = 'running'") or 0
    store.execute(
        "UPDATE pipeline_runs SET status = ?, finished_at = ?, error = ? WHERE status = 'running'",
        [status, datetime.now(), error],
    )
    return int(n)


def recent_runs(store: Store, limit: int = 20, dialogue_id: str | None = None) -> list[dict[str, Any]]:
    """Return the most recent runs, newest first."""
    where = "WHERE dialogue_id = ? OR dialogue_id IS NULL" if dialogue_id else ""
    params = [dialogue_id] if dialogue_id else []
    rows = store.records(
        f"SELECT id, flow, dialogue_id, actor, trigger, started_at, finished_at, status, counts, error "
        f"FROM pipeline_runs {where} ORDER BY started_at DESC LIMIT {int(limit)}",
        params,
    )
    for row in rows:
        row["counts"] = json.loads(row["counts"]) if row["counts"] else {}
    return rows
