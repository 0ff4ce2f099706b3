"""Shared fixtures: settings and a fresh store per test, the shared data folder, Prefect."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LYHORD_SHARED_DIR", REPO.parent / "shared"))

# Tests never read the developer's own configuration.
for _name in [n for n in os.environ if n.startswith("LYHORD_") and n != "LYHORD_SHARED_DIR"]:
    del os.environ[_name]
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder; tests that need it skip when it is absent (a user's machine)."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"needs the project's shared data folder ({SHARED}), which users do not have")
    return SHARED


@pytest.fixture
def settings(tmp_path: Path):
    """Settings pointing at a fresh store and data folder in tmp_path."""
    from pipeline.settings import Settings

    return Settings(
        db_path=tmp_path / "t.duckdb",
        data_dir=tmp_path / "data",
        inbox_dirs=[tmp_path / "inbox"],
        actor="test",
    )


@pytest.fixture
def store(settings) -> Iterator:
    """A fresh, migrated DuckDB store."""
    from pipeline.store import Store

    with Store.open(settings) as handle:
        yield handle


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One Prefect test harness for the whole session, with PREFECT_HOME in a temp dir."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


DEMO_N = 600  # large enough for every channel, scheme themes and a discovered theme; about a minute


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by ``lyhord demo`` in a separate process, as a user builds it.

    Session-wide and read-only by convention: tests that change it take ``demo_copy``.
    """
    import subprocess
    import sys

    cached = os.environ.get("DEMO_STORE_CACHE")  # developers: reuse a store built by `lyhord demo --n 600`
    if cached:
        return Path(cached)
    root = tmp_path_factory.mktemp("demo-store")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(
        LYHORD_DB=str(root / "lyhord.duckdb"),
        LYHORD_DATA_DIR=str(root / "data"),
        PREFECT_HOME=str(root / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    cmd = [str(Path(sys.executable).parent / "lyhord"), "demo", "--n", str(DEMO_N), "--out", str(root / "demo")]
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"lyhord demo failed: {done.stderr[-2000:]}"
    return root / "lyhord.duckdb"


@pytest.fixture
def demo_copy(demo_store: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store (with its data folder) that a test may change."""
    import shutil

    shutil.copytree(demo_store.parent, tmp_path / "demo-store", ignore=shutil.ignore_patterns("prefect"))
    return tmp_path / "demo-store" / "lyhord.duckdb"
