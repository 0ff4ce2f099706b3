"""Core commands: init, dialogue, status, run, serve, demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from pipeline.cli.common import get_settings, open_store, print_json
from pipeline.dialogues import create_dialogue, list_dialogues, load_scheme, set_theme_scheme, slugify
from pipeline.errors import InputError
from pipeline.schema import CHANNELS, Dialogue
from pipeline.status import dialogue_status, scheduled_failure

dialogue_app = typer.Typer(help="Skapa och lista dialoger. / Create and list dialogues.", no_args_is_help=True)
run_app = typer.Typer(help="Kör ett flöde för hand. / Run a flow by hand.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the core commands to ``app``."""
    app.command("init")(init)
    app.command("status")(status)
    app.command("demo")(demo)
    app.add_typer(dialogue_app, name="dialogue")
    app.add_typer(run_app, name="run")


def init(ctx: typer.Context) -> None:
    """Skapa databasen och kör migreringar. / Create the store and apply migrations."""
    with open_store(ctx) as store:
        version = store.scalar("SELECT max(version) FROM schema_migrations")
    typer.echo(f"Databasen är klar: {get_settings(ctx).db_path} (schema {version})")


@dialogue_app.command("create")
def dialogue_create(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title", help="Dialogens namn."),
    dialogue_id: str | None = typer.Option(None, "--id", help="Id (standard: av titeln)."),
    question: str | None = typer.Option(None, "--question", help="Frågan som ställs till invånarna."),
    purpose: str | None = typer.Option(None, "--purpose", help="Syftet med dialogen."),
    use_of_results: str | None = typer.Option(None, "--use", help="Hur resultatet ska användas."),
    target_groups: str | None = typer.Option(None, "--target-groups", help="Målgrupper."),
    start: str | None = typer.Option(None, "--start", help="Startdatum ÅÅÅÅ-MM-DD."),
    end: str | None = typer.Option(None, "--end", help="Slutdatum ÅÅÅÅ-MM-DD."),
    channels: str | None = typer.Option(None, "--channels", help=f"Kanaler, kommaseparerade: {','.join(CHANNELS)}."),
    owner: str | None = typer.Option(None, "--owner", help="Ansvarig förvaltning eller person."),
    scheme: Path | None = typer.Option(None, "--scheme", help="Temaschema (YAML med id, name, description)."),
) -> None:
    """Skapa en dialog. / Create a dialogue."""
    dialogue = Dialogue(
        id=dialogue_id or slugify(title),
        title=title,
        question=question,
        purpose=purpose,
        use_of_results=use_of_results,
        target_groups=target_groups,
        period_start=_date(start, "--start"),
        period_end=_date(end, "--end"),
        channels=_channels(channels),
        owner=owner,
        theme_scheme=load_scheme(scheme) if scheme else None,
    )
    with open_store(ctx) as store:
        create_dialogue(store, dialogue)
    typer.echo(f"Dialog skapad: {dialogue.id}")


@dialogue_app.command("scheme")
def dialogue_scheme(
    ctx: typer.Context,
    dialogue_id: str = typer.Argument(..., help="Dialogens id."),
    scheme: Path = typer.Argument(..., help="Temaschema (YAML)."),
) -> None:
    """Koppla ett temaschema till en dialog. / Attach a theme scheme to a dialogue."""
    entries = load_scheme(scheme)
    with open_store(ctx) as store:
        set_theme_scheme(store, dialogue_id, entries)
    typer.echo(f"Temaschema med {len(entries)} teman kopplat till {dialogue_id}")


@dialogue_app.command("list")
def dialogue_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Skriv JSON.")) -> None:
    """Lista dialoger. / List dialogues."""
    with open_store(ctx) as store:
        dialogues = list_dialogues(store)
    if as_json:
        print_json([d.model_dump(mode="json") for d in dialogues])
        return
    for d in dialogues:
        typer.echo(f"{d.id}\t{d.title}")


@dialogue_app.command("form-key")
def dialogue_form_key(
    ctx: typer.Context,
    dialogue_id: str = typer.Argument(..., help="Dialogens id."),
    rotate: bool = typer.Option(False, "--rotate", help="Byt nyckel; den gamla slutar gälla direkt."),
) -> None:
    """Visa webbformulärets nyckel (skapas vid första användning). / Print the web form key.

    The form sends it in the X-Lyhord-Form-Key header. Only the key is written to stdout.
    """
    from pipeline.ingest.formkeys import form_key

    settings = get_settings(ctx)
    with open_store(ctx) as store:
        key = form_key(store, dialogue_id, actor=settings.actor, rotate=rotate)
    if rotate:
        typer.echo("Ny formulärnyckel; den gamla gäller inte längre. Uppdatera formuläret.", err=True)
    typer.echo(key)


def status(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Skriv JSON.")) -> None:
    """Visa antal per dialog, kanal och steg. / Show counts per dialogue, channel and stage."""
    with open_store(ctx) as store:
        rows = dialogue_status(store)
    if as_json:
        print_json({"dialogues": rows})
        return
    if not rows:
        typer.echo("Inga dialoger ännu. Börja med `lyhord ingest FIL` eller `lyhord demo`.")
    for row in rows:
        s = row["stages"]
        typer.echo(f"{row['id']}  {row['title']}")
        typer.echo(
            f"  inkomna {s['received']}, avvisade {s['rejected']}, anonymiserade {s['anonymized']}, "
            f"tematiserade {s['themed']}, teman {s['themes']}, godkända {s['approved']}, utkast {s['draft']}"
        )
        for channel, c in row["channels"].items():
            typer.echo(f"    {channel:<8} {c['received']:>7} inkomna  {c['anonymized']:>7} anonymiserade")
        failed = scheduled_failure(row)
        if failed:
            typer.secho(
                f"  Varning: den schemalagda nattkörningen {failed['started_at']:%Y-%m-%d %H:%M} blev inte klar "
                f"({failed['status']}: {failed['error'] or 'okänt fel'}); se `lyhord runs`",
                fg="yellow",
            )


@run_app.command("nightly")
def run_nightly(
    ctx: typer.Context,
    dialogue_id: str | None = typer.Option(None, "--dialogue", help="Bara denna dialog."),
    refit: bool = typer.Option(False, "--refit", help="Anpassa temamodellen på nytt."),
    skip_inbox: bool = typer.Option(False, "--skip-inbox", help="Läs inte inkorgsmapparna."),
) -> None:
    """Kör nattflödet nu. / Run the nightly flow now."""
    settings = get_settings(ctx)
    params = {"refit": refit, "skip_inbox": skip_inbox, "db": str(settings.db_path)}
    print_json(_run_flow("nightly", dialogue_id, settings.actor, params))


@run_app.command("ingest")
def run_ingest(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(..., help="Filer, mappar eller mönster (glob)."),
    dialogue_id: str | None = typer.Option(None, "--dialogue", help="Dialogens id."),
    channel: str | None = typer.Option(None, "--channel", help="Kanal (annars gissas den)."),
) -> None:
    """Kör inläsningsflödet. / Run the ingest flow."""
    from flows.ingest import ingest

    print_json(ingest(paths, db=str(get_settings(ctx).db_path), dialogue_id=dialogue_id, channel=channel))


def _run_flow(flow: str, dialogue_id: str | None, actor: str, params: dict) -> dict:
    """Run a flow through the service's run manager when inside the service, else here."""
    from pipeline.service.context import current_service

    service = current_service.get()
    if service is not None:
        typer.echo("Väntar på körningen i Lyhörd-tjänsten …", err=True)
        return service.runs.run(flow, dialogue_id=dialogue_id, actor=actor, trigger="cli", params=params)
    from flows.runner import execute_flow
    from pipeline.stages import new_run_id

    return execute_flow(flow, new_run_id(flow), dict(params, dialogue_id=dialogue_id, actor=actor, trigger="cli"))


def demo(
    ctx: typer.Context,
    out: Path = typer.Option(Path("data/demo"), "--out", help="Mapp för demodata."),
    n: int = typer.Option(3000, "--n", help="Antal synpunkter."),
    seed: int = typer.Option(7, "--seed", help="Slumpfrö."),
) -> None:
    """Skapa demodata, kör hela kedjan och bygg rapporten. / Run the whole pipeline on demo data."""
    from pipeline.cli.demo_run import run_demo

    run_demo(get_settings(ctx), out=out, n=n, seed=seed)


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


def _channels(value: str | None) -> list[str]:
    if not value:
        return []
    items = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in items if c not in CHANNELS]
    if unknown:
        raise InputError(f"unknown channel {unknown[0]!r}; use one of {', '.join(CHANNELS)}")
    return items
