"""Fixtures for the ingest tests: a folder of mixed files and raw-table helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_fixtures import build_mixed


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, dict]:
    """A folder with every channel's files, good and broken, and the counts it should give."""
    folder = tmp_path / "in"
    expected = build_mixed(folder)
    return folder, expected


def raw_rows(store, sql: str, params=None) -> list[tuple]:
    """Query submissions_raw (restricted) for a test."""
    with store.raw_access("test"):
        return store.fetchall(sql, params)


def raw_count(store) -> int:
    """Number of rows in submissions_raw."""
    return raw_rows(store, "SELECT count(*) FROM submissions_raw")[0][0]
