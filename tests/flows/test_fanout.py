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


def test_settings_sent_to_workers_carry_no_store_key_or_web_secret(tmp_path):
    from pipeline.stages import worker_settings

    settings = Settings(
        db_path=tmp_path / "t.duckdb", encryption_key="nyckel-123", web_secret_key="hemlig-456", llm_url="http://llm"
    )
    sent = worker_settings(settings)
    assert sent.encryption_key is None and sent.web_secret_key is None and sent.encryption_key_file is None
    assert sent.llm_url == "http://llm" and sent.models_dir == settings.models_dir
    assert settings.encryption_key is not None  # the owner's settings are untouched


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
