"""Shared plumbing for the CLI: settings, the store, JSON output, error handling."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from pipeline.errors import ConfigError
from pipeline.settings import Settings
from pipeline.store import Store

# Sub-apps that several command modules add to.
eval_app = typer.Typer(help="Utvärdera mot guldstandard. / Evaluate against gold data.", no_args_is_help=True)
export_app = typer.Typer(help="Exportera data. / Export data.", no_args_is_help=True)


def get_settings(ctx: typer.Context) -> Settings:
    """Return the Settings built by the root callback (or build them now)."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    if "settings" not in obj:
        obj["settings"] = build_settings(None)
        root.obj = obj
    return obj["settings"]


def build_settings(db: Path | None) -> Settings:
    """Build Settings from the environment, with ``--db`` taking precedence."""
    from pipeline.service.context import forwarded_actor

    try:
        settings = Settings()
        if db is not None:
            settings.db_path = db
        actor = forwarded_actor.get()
        if actor:
            settings.actor = actor
    except Exception as exc:  # pydantic.ValidationError: a malformed LYHORD_ variable
        raise ConfigError(f"invalid Lyhörd setting: {_first_error(exc)}") from None
    return settings


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first.get('msg')}"
    return str(exc)


def open_store(ctx: typer.Context) -> Store:
    """Open the store named by the settings."""
    return Store.open(get_settings(ctx))


def print_json(obj: Any) -> None:
    """Write ``obj`` as JSON to stdout (dates and paths as strings)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
