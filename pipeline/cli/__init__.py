"""The ``lyhord`` command line.

Each area adds its commands in its own module through ``register(app)``. User
errors (``LyhordError``) become one line on stderr and exit code 2.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from pipeline.cli.common import build_settings, eval_app, export_app
from pipeline.errors import LyhordError


class _LyhordGroup(TyperGroup):
    """Root command group that turns user errors into one line and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        """Invoke the command, catching ``LyhordError`` anywhere below."""
        try:
            return super().invoke(ctx)
        except LyhordError as exc:
            typer.secho(f"Fel: {exc}", err=True, fg="red")
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="lyhord",
    cls=_LyhordGroup,
    help="Lyhörd – analys av invånardialog. / Text analysis for citizen dialogue.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_MODULES = ("core", "ingest", "anonymize", "themes", "stance", "review", "web", "service")


@app.callback()
def _root(
    ctx: typer.Context,
    db: Path | None = typer.Option(
        None, "--db", help="DuckDB-fil (standard data/lyhord.duckdb, eller LYHORD_DB).", envvar="LYHORD_DB"
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Mer loggning (aldrig rå text)."),
) -> None:
    """Lyhörd: ingest, anonymize, theme, summarize and review citizen dialogue."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    ctx.obj = {"settings": build_settings(db)}


def _register_all() -> None:
    for name in _MODULES:
        importlib.import_module(f"pipeline.cli.{name}").register(app)
    app.add_typer(eval_app, name="eval")
    app.add_typer(export_app, name="export")


_register_all()


def main() -> None:
    """Console entry point for ``lyhord``.

    While ``lyhord serve`` runs for the configured store, commands (other than
    the file-only ones) are forwarded to it and run there, so they never meet a
    busy store. Otherwise they run here, as before.
    """
    import sys

    from flows.runner import apply_prefect_environment
    from pipeline.cli.service import forward_if_served

    apply_prefect_environment()
    argv = sys.argv[1:]
    try:
        code = forward_if_served(argv, build_settings(_db_option(argv)))
    except LyhordError as exc:
        typer.secho(f"Fel: {exc}", err=True, fg="red")
        raise SystemExit(exc.exit_code) from None
    if code is not None:
        raise SystemExit(code)
    app()


def _db_option(argv: list[str]) -> Path | None:
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--db="):
            return Path(arg.split("=", 1)[1])
    return None
