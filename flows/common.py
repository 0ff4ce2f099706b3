"""What every flow shares: settings from plain parameters, and the open store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.settings import Settings
from pipeline.store import Store


def flow_settings(db: str | None) -> Settings:
    """Build Settings inside a task: secrets come from the environment, never from parameters."""
    settings = Settings()
    if db:
        settings.db_path = Path(db)
    return settings


@contextmanager
def stage_store(db: str | None) -> Iterator[tuple[Store, Settings]]:
    """Open the store for one task."""
    settings = flow_settings(db)
    with Store.open(settings) as store:
        yield store, settings
