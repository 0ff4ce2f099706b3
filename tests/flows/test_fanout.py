"""flows.fanout: which task runner partitions run on, and results in partition order."""

from __future__ import annotations

import time

from pipeline.settings import Settings


def test_dask_address_selects_the_dask_task_runner(tmp_path):
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.fanout import task_runner

    runner = task_runner(Settings(db_path=tmp_path / "t.duckdb", dask_address="tcp://10.20.30.40:8786"))
    assert isinstance(runner, DaskTaskRunner) and runner.address == "tcp://10.20.30.40:8786"
    assert isinstance(task_runner(Settings(db_path=tmp_path / "t.duckdb")), ThreadPoolTaskRunner)


def test_dask_address_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LYHORD_DASK_ADDRESS", "tls://dask.region.internal:8786")
    assert Settings(db_path=tmp_path / "t.duckdb").dask_address == "tls://dask.region.internal:8786"


def _slow_first(part: list[str]) -> int:
    if part[0] == "a":
        time.sleep(0.5)  # the first partition finishes last
    return sum(len(word) for word in part)


def test_prefect_mapper_returns_results_in_partition_order(prefect_harness, tmp_path):
    from prefect import flow

    from flows.fanout import fanned_out

    parts = [["a", "Tågen"], ["ställs", "in"], ["مرحبا"], ["Mahadsanid", "ka"]]

    @flow
    def fan() -> list[int]:
        with fanned_out(Settings(db_path=tmp_path / "t.duckdb"), "test-partition") as mapper:
            return mapper(_slow_first, parts)

    assert fan() == [6, 8, 5, 12]
