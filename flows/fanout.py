"""Fan a stage's partitions out as Prefect tasks: threads here, or a Dask cluster.

A stage takes a ``mapper`` (:data:`pipeline.stages.Mapper`); :func:`prefect_mapper`
runs each partition as a Prefect task on the run's task runner. The runner is
chosen by :func:`task_runner`: ``prefect-dask``'s ``DaskTaskRunner`` when
``LYHORD_DASK_ADDRESS`` names a scheduler, Prefect's thread pool otherwise.

Partitions hold resident text (raw text going to anonymization, anonymized text
going to embedding and summaries), so the partition task never persists its
result, is never cached and logs nothing but what Prefect logs about states.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from prefect import task, unmapped
from prefect.cache_policies import NONE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline.settings import Settings
from pipeline.stages import Mapper


@task(name="partition", persist_result=False, cache_policy=NONE, retries=0)
def run_partition(fn: Callable[[Any], Any], part: Any) -> Any:
    """Apply a stage's pure function to one partition (its result stays in memory, never stored)."""
    return fn(part)


def task_runner(settings: Settings) -> TaskRunner:
    """Return the task runner partitions run on: the Dask cluster at ``settings.dask_address``, or threads.

    Threads are the default: the heavy parts release the GIL (the embedder's C engine
    threads inside each batch), and one process keeps one copy of the models.
    """
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    return ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1)


def prefect_mapper(runner: TaskRunner, name: str) -> Mapper:
    """Return a mapper that runs each partition as a Prefect task named ``name`` on ``runner``.

    Results come back in partition order, whichever worker finished first.
    """
    partition_task = run_partition.with_options(name=name)

    def mapper(fn: Callable[[Any], Any], parts: Sequence[Any]) -> list[Any]:
        if not parts:
            return []
        futures = runner.map(partition_task, {"fn": unmapped(fn), "part": list(parts)})
        return [future.result() for future in futures]

    return mapper


@contextmanager
def fanned_out(settings: Settings, name: str) -> Iterator[Mapper]:
    """Start the task runner for one stage and yield a mapper that runs partitions on it.

    Each stage task starts its own runner (for Dask: a client of the cluster) instead of
    taking one as a parameter: Prefect hands a task's parameters on to the tasks it
    submits, and a live runner cannot travel.
    """
    with task_runner(settings) as runner:
        yield prefect_mapper(runner, name)
