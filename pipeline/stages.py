"""The stage contract shared by every pipeline stage.

A stage is a function ``stage(store, *, settings, run_id) -> StageResult``. It
reads named tables, writes its own, never changes an earlier stage's output,
is idempotent for a ``run_id`` and returns counts only: a ``StageResult`` ends
up in Prefect's result store and logs, so it must never carry resident text.

CPU-heavy work is split into read → map → write. The stage reads partitions
from the store, hands a pure function and the partitions to a :data:`Mapper`,
and writes the results itself, so the store stays with the process that owns
it. The default mapper runs in this process; the nightly flow passes one that
fans the partitions out as Prefect tasks (threads here, or a Dask cluster).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A mapper applies a pure function to each partition and returns the results in
# partition order. The function and partitions are plain, picklable data: a mapper
# may run them in other threads, processes or machines. Results must come back in
# the order the partitions were given, so outputs never depend on who ran what.
Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


@dataclass
class StageResult:
    """Counts from one run of one stage; no resident text, ever."""

    stage: str
    run_id: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, other: StageResult) -> StageResult:
        """Return a result whose counts are the sum of both (for partitions)."""
        counts = dict(self.counts)
        for key, value in other.counts.items():
            counts[key] = counts.get(key, 0) + value
        return StageResult(self.stage, self.run_id, counts, self.notes + other.notes)

    def summary(self) -> str:
        """Return a one-line ``stage: key=value …`` description for logs."""
        parts = " ".join(f"{k}={v}" for k, v in sorted(self.counts.items()))
        return f"{self.stage}: {parts}".strip()


def new_run_id(prefix: str = "run") -> str:
    """Return a fresh, sortable-enough run id such as ``run-3f2a9c1b``."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def partitions(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Yield ``items`` in slices of at most ``size``; the unit a task runner fans out."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    for start in range(0, len(items), size):
        yield items[start : start + size]


def worker_settings(settings: Any) -> Any:
    """Return ``settings`` without its secrets, fit to travel with a partition to a worker process or machine.

    The store's encryption key and the web app's secret never leave the owning process;
    a worker needs neither.
    """
    return settings.model_copy(update={"encryption_key": None, "encryption_key_file": None, "web_secret_key": None})


def serial_map(fn: Callable[[T], R], parts: Sequence[T]) -> list[R]:
    """Apply ``fn`` to each partition in this thread (the default :data:`Mapper`)."""
    return [fn(part) for part in parts]


def executor_map(executor: Executor) -> Mapper:
    """Return a :data:`Mapper` that runs partitions on ``executor`` (a thread or process pool)."""

    def mapper(fn: Callable[[Any], Any], parts: Sequence[Any]) -> list[Any]:
        return list(executor.map(fn, parts))

    return mapper
