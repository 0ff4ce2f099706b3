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
