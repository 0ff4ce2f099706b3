"""One run at a time per dialogue, every trigger recorded.

``RunManager`` is the single door through which the service starts flows: the
schedule, analysts in the web app, CLI commands forwarded to the service and
Prefect deployment runs all come through it. A run for one dialogue excludes
another run for the same dialogue and a run over every dialogue excludes all.
A trigger that meets a running run is refused with a clear message and recorded
as ``refused``; nothing is silently dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.errors import RunBusyError
from pipeline.runs import record_refused
from pipeline.stages import new_run_id

log = logging.getLogger(__name__)
TRIGGERS = ("schedule", "manual", "web", "cli", "prefect")
ALL = "*"

# execute(flow, run_id, params) runs the flow to the end and returns its counts.
Executor = Callable[[str, str, dict[str, Any]], dict[str, Any]]


@dataclass
class ActiveRun:
    """A run in progress, as the service sees it."""

    run_id: str
    flow: str
    dialogue_id: str | None
    trigger: str
    actor: str
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    result: dict[str, Any] | None = None
    error: BaseException | None = None


class RunManager:
    """Start flows in background threads, one per dialogue at a time."""

    def __init__(self, open_store: Callable[[], Any], execute: Executor) -> None:
        """Create the manager.

        Args:
            open_store: Returns a new ``Store`` handle (the caller closes it).
            execute: Runs one flow to the end in the calling thread; it records the
                run in ``pipeline_runs`` under the run id it is given.
        """
        self._open_store = open_store
        self._execute = execute
        self._lock = threading.Lock()
        self._active: dict[str, ActiveRun] = {}

    def active(self) -> list[ActiveRun]:
        """Return the runs in progress."""
        with self._lock:
            return list(self._active.values())

    def start(
        self, flow: str, *, dialogue_id: str | None, actor: str, trigger: str, params: dict[str, Any] | None = None
    ) -> ActiveRun:
        """Start ``flow`` in a background thread, or raise ``RunBusyError`` (recorded) when busy."""
        if trigger not in TRIGGERS:
            raise ValueError(f"unknown trigger {trigger!r}")
        key = dialogue_id or ALL
        run_id = new_run_id(flow)
        with self._lock:
            clash = self._clash(key)
            if clash is None:
                run = ActiveRun(run_id, flow, dialogue_id, trigger, actor)
                self._active[key] = run
        if clash is not None:
            message = _refusal(clash)
            with self._open_store() as store:
                record_refused(
                    store,
                    run_id=run_id,
                    flow=flow,
                    dialogue_id=dialogue_id,
                    actor=actor,
                    trigger=trigger,
                    error=message,
                )
            log.info("run %s refused: %s holds %s", run_id, clash.run_id, key)
            raise RunBusyError(message)
        full = dict(params or {}, dialogue_id=dialogue_id, actor=actor, trigger=trigger)
        thread = threading.Thread(target=self._run, args=(key, run, full), name=f"lyhord-run-{flow}", daemon=True)
        thread.start()
        log.info("run %s started (%s, %s)", run_id, flow, trigger)
        return run

    def run(
        self, flow: str, *, dialogue_id: str | None, actor: str, trigger: str, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Start ``flow`` and wait for it; returns its counts or raises what it raised."""
        run = self.start(flow, dialogue_id=dialogue_id, actor=actor, trigger=trigger, params=params)
        run.done.wait()
        if run.error is not None:
            raise run.error
        return run.result or {}

    def wait_all(self, timeout_s: float) -> list[ActiveRun]:
        """Wait up to ``timeout_s`` for the runs in progress; return those still running."""
        deadline = time.monotonic() + timeout_s
        for run in self.active():
            run.done.wait(max(0.0, deadline - time.monotonic()))
        return [r for r in self.active() if not r.done.is_set()]

    def _clash(self, key: str) -> ActiveRun | None:
        if key == ALL:
            return next(iter(self._active.values()), None)
        return self._active.get(key) or self._active.get(ALL)

    def _run(self, key: str, run: ActiveRun, params: dict[str, Any]) -> None:
        try:
            run.result = self._execute(run.flow, run.run_id, params)
        except BaseException as exc:  # noqa: BLE001 - kept for the waiter; the flow recorded it
            run.error = exc
            log.warning("run %s failed: %s", run.run_id, type(exc).__name__)
        finally:
            with self._lock:
                self._active.pop(key, None)
            run.done.set()


def _refusal(clash: ActiveRun) -> str:
    since = datetime.now().timestamp() - (time.monotonic() - clash.started)
    where = f"dialogen {clash.dialogue_id!r}" if clash.dialogue_id else "alla dialoger"
    return (
        f"en körning pågår redan för {where} ({clash.flow} {clash.run_id}, startad "
        f"{datetime.fromtimestamp(since):%H:%M}); vänta tills den är klar och försök igen, se `lyhord runs` / "
        f"a run is already in progress for {clash.dialogue_id or 'every dialogue'}; try again when it has finished"
    )
