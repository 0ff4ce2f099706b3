"""A kill -9 inside the ingest transaction leaves the store as if nothing happened (issue 2 item 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from ingest_fixtures import raw_count

from pipeline.ingest import ingest_paths
from pipeline.settings import Settings
from pipeline.store import Store

REPO = Path(__file__).resolve().parents[2]

# Runs in a child process: ingest, and inside the transaction (after the insert,
# before the commit) signal the parent and sleep until killed.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings
    from pipeline.store import Store

    db, data, marker, *paths = sys.argv[1:]
    config = Settings(db_path=db, data_dir=data, actor="child")

    def hook(done, total, name):
        if name == "sparar":
            Path(marker).write_text("in transaction")
            time.sleep(120)

    with Store.open(config) as store:
        ingest_paths(store, paths, settings=config, run_id="killed", progress=hook)
    """
)


def _big_survey(path: Path, rows: int) -> None:
    duckdb.sql(
        f"COPY (SELECT i AS id, ['Öster', 'Råby', 'Bäckby'][1 + i % 3] AS stadsdel, "
        f"'Synpunkt nummer ' || i || ' om gång- och cykelvägar i Västerås' AS svar FROM range({rows}) t(i)) "
        f"TO '{path}' (HEADER, DELIMITER ';')"
    )


def _counts(store: Store) -> tuple[int, int, int, int]:
    return (
        raw_count(store),
        store.scalar("SELECT count(*) FROM rejects"),
        store.scalar("SELECT count(*) FROM ingest_files"),
        store.scalar("SELECT count(*) FROM ingest_runs WHERE status = 'completed'"),
    )


@pytest.mark.slow
def test_kill_9_mid_transaction_then_rerun_equals_clean_run(tmp_path: Path, mixed) -> None:
    folder, _ = mixed
    _big_survey(folder / "stor-enkat.csv", 130_000)
    marker = tmp_path / "marker"
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(tmp_path / "d1"), str(marker), str(folder)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else "child died"
            assert time.monotonic() < deadline, "child never reached the transaction"
            time.sleep(0.1)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    killed = Settings(db_path=db, data_dir=tmp_path / "d1", actor="test")
    with Store.open(killed) as store:
        assert raw_count(store) == 0  # nothing of the killed batch survived
        rerun = ingest_paths(store, [folder], settings=killed, run_id="rerun")
        after_kill = _counts(store)
    clean = Settings(db_path=tmp_path / "clean.duckdb", data_dir=tmp_path / "d2", actor="test")
    with Store.open(clean) as store:
        first = ingest_paths(store, [folder], settings=clean, run_id="clean")
        assert _counts(store) == after_kill
    assert rerun.counts == first.counts
    assert rerun.counts["accepted"] > 130_000
