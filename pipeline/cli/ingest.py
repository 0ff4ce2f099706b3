"""Ingest commands: ``lyhord ingest`` (files, folders, globs) and ``lyhord receive`` (HTTP)."""

from __future__ import annotations

import typer

from pipeline.cli.common import get_settings, open_store, print_json
from pipeline.schema import CHANNEL_NAMES


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``receive`` to ``app``."""
    app.command("ingest")(ingest)
    app.command("receive")(receive)


def ingest(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(..., help="Filer, mappar (läses rekursivt) eller mönster som 'in/*.csv'."),
    channel: str | None = typer.Option(
        None, "--channel", help="Kanal: survey, email, webform, map, meeting, sms (annars gissas den)."
    ),
    dialogue_id: str | None = typer.Option(None, "--dialogue", help="Dialogens id (standard: standarddialogen)."),
    text_column: str | None = typer.Option(None, "--text-column", help="Kolumnen med fritextsvaren."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Läs in synpunkter från filer. / Ingest submissions from files.

    Skriver ut antal nya, dubbletter och avvisade (med skäl). Avvisade rader stoppar inte
    inläsningen; kommandot avslutas med 0 även då.
    """
    from pipeline.ingest import ingest_paths
    from pipeline.stages import new_run_id

    settings = get_settings(ctx)
    with open_store(ctx) as store, _progress(as_json) as progress:
        report = ingest_paths(
            store,
            paths,
            settings=settings,
            run_id=new_run_id("ingest"),
            dialogue_id=dialogue_id,
            channel=channel,
            text_column=text_column,
            progress=progress,
        )
    if as_json:
        print_json(report.to_dict())
        return
    typer.echo(report.summary_sv())
    if report.channels:
        typer.echo("Nya per kanal: " + ", ".join(f"{CHANNEL_NAMES.get(k, k)} {v}" for k, v in report.channels.items()))
    if report.rejects:
        typer.echo("Avvisade:")
        for reject in report.rejects[:50]:
            typer.echo(f"  {reject.source} ({reject.position}): {reject.reason}")
        if len(report.rejects) > 50:
            typer.echo(f"  … och {len(report.rejects) - 50} till (se --json eller tabellen rejects)")


class _LazyProgress:
    """A rich progress bar on stderr, started on the first file (so errors print cleanly)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: object | None = None
        self._task: object | None = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("Läser in"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()  # type: ignore[attr-defined]
            self._task = self._progress.add_task("ingest", total=total)  # type: ignore[attr-defined]
        self._progress.update(self._task, completed=done, total=total)  # type: ignore[attr-defined]

    def __enter__(self) -> _LazyProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()  # type: ignore[attr-defined]


def _progress(quiet: bool) -> _LazyProgress:
    return _LazyProgress(enabled=not quiet)


def receive(
    ctx: typer.Context,
    port: int = typer.Option(8001, "--port", help="Port att lyssna på."),
    host: str = typer.Option("127.0.0.1", "--host", help="Adress att lyssna på."),
    dialogue_id: str | None = typer.Option(None, "--dialogue", help="Dialogens id (standard: standarddialogen)."),
) -> None:
    """Ta emot webbformulär över HTTP (POST /submissions). / Receive web form posts.

    Posts need the dialogue's key in the X-Lyhord-Form-Key header (`lyhord dialogue form-key ID`).
    ``lyhord serve`` serves the same routes; use this for a receiver on its own.
    """
    import uvicorn

    from pipeline.dialogues import DEFAULT_DIALOGUE_ID
    from pipeline.ingest.receiver import create_receiver_app

    app = create_receiver_app(get_settings(ctx), dialogue_id=dialogue_id)
    shown = dialogue_id or DEFAULT_DIALOGUE_ID
    typer.echo(
        f"Tar emot synpunkter på http://{host}:{port}/submissions och /dialogues/ID/submissions "
        f"(nyckel: `lyhord dialogue form-key {shown}`; Ctrl+C avslutar)"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
