"""What every flow shares: settings from plain parameters, and the open store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.settings import Settings
from pipeline.store import Store


def flow_settings(db: str | None) -> Settings:
    """Build Settings inside a task: secrets come from the environment, never from parameters."""
    settings = Settings()
    if db:
        settings.db_path = Path(db)
    return settings


def existing_store_settings(db: str | None) -> Settings:
    """Settings for a flow run, refusing a store that does not exist.

    A worker started without ``LYHORD_DB`` would otherwise create and fill a new,
    empty store in its working directory and report success.

    Raises:
        ConfigError: the configured store file is missing.
    """
    settings = flow_settings(db)
    path = Path(settings.db_path).expanduser().resolve()
    if not path.exists():
        raise ConfigError(
            f"the store {str(path)!r} does not exist; set LYHORD_DB (or the flow's `db` parameter) to the "
            "municipality's store, or create one with `lyhord init`"
        )
    settings.db_path = path
    return settings


def hand_to_service(
    settings: Settings, flow: str, dialogue_id: str | None, actor: str | None, params: dict[str, Any]
) -> dict | None:
    """Run the flow inside the running Lyhörd service, if one owns the store and this is not it.

    Returns:
        The run's counts, or None when this process should run the flow itself.
    """
    from prefect.runtime import deployment

    from pipeline.service.client import find_service, submit_run

    service = find_service(settings)
    if service is None or service.is_self():
        return None
    trigger = "prefect" if deployment.id else "cli"
    return submit_run(
        service, flow, dialogue_id=dialogue_id, actor=actor or settings.actor, trigger=trigger, params=params
    )


@contextmanager
def stage_store(db: str | None) -> Iterator[tuple[Store, Settings]]:
    """Open the store for one task."""
    settings = flow_settings(db)
    with Store.open(settings) as store:
        yield store, settings
