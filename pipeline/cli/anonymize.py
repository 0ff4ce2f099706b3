"""Anonymization commands: redact, erase, train ner, eval pii."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cli.common import eval_app, get_settings, open_store, print_json
from pipeline.errors import InputError

train_app = typer.Typer(help="Träna modeller. / Train models.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``redact``, ``erase`` and ``train`` to ``app`` (``eval pii`` is on the shared eval app)."""
    app.command("redact")(redact)
    app.command("erase")(erase)
    app.add_typer(train_app, name="train")


def redact(
    ctx: typer.Context,
    source: Path = typer.Argument(..., help='JSONL-fil med rader {"id", "text", …}.'),
    out: Path = typer.Option(..., "--out", "-o", help="Utfil (JSONL) med anonymiserad text och entiteter."),
) -> None:
    """Anonymisera en JSONL-fil. / Anonymize a JSON Lines file."""
    from pipeline.anonymize.engine import get_anonymizer
    from pipeline.anonymize.redact import redact_file

    if not source.is_file():
        raise InputError(f"input file {str(source)!r} does not exist; give the path to a .jsonl file")
    n = redact_file(source, out, get_anonymizer(get_settings(ctx).models_dir))
    typer.echo(f"{n} rader anonymiserade till {out}")


def erase(
    ctx: typer.Context,
    submission: str | None = typer.Option(None, "--submission", help="Id för synpunkten som ska raderas."),
    contact: str | None = typer.Option(
        None, "--contact", help="E-postadress eller telefonnummer vars synpunkter raderas."
    ),
) -> None:
    """Radera en persons uppgifter (GDPR art. 17). / Erase a person's data."""
    from pipeline.anonymize.erasure import erase_contact, erase_submission

    if (submission is None) == (contact is None):
        raise InputError("give exactly one of --submission ID or --contact EMAIL_OR_PHONE")
    actor = get_settings(ctx).actor
    with open_store(ctx) as store:
        if submission is not None:
            n = erase_submission(store, submission, actor=actor)
        else:
            n = erase_contact(store, contact or "", actor=actor)
    typer.echo(f"Raderade {n} synpunkt(er) med härledda data. Raderingen är loggad utan personuppgifter.")


@train_app.command("ner")
def train_ner(
    ctx: typer.Context,
    shared: Path | None = typer.Option(
        None, "--shared", help="Mapp med delade korpusar (standard ../shared).", envvar="LYHORD_SHARED_DIR"
    ),
    out: Path | None = typer.Option(None, "--out", help="Var modellen sparas (standard models/ner-sv)."),
    seed: int = typer.Option(0, "--seed", help="Slumpfrö."),
) -> None:
    """Träna den svenska namnmodellen. / Train the Swedish name model."""
    from pipeline.errors import ConfigError
    from pipeline.settings import REPO_ROOT

    shared = shared or REPO_ROOT.parent / "shared"
    if not (shared / "data" / "ner").is_dir():
        raise InputError(f"no data/ner folder under {str(shared)!r}; point --shared at the shared corpora folder")
    try:
        from pipeline.anonymize.names.train import train_ner as _train
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("pipeline.anonymize.names"):
            raise
        raise ConfigError("the name-model trainer (pipeline.anonymize.names.train) is not installed") from None
    target = out or get_settings(ctx).models_dir / "ner-sv"
    print_json(_train(shared, target, seed=seed))


@eval_app.command("pii")
def eval_pii(
    ctx: typer.Context,
    gold: Path = typer.Option(..., "--gold", help="Guldfil i JSONL (som data/pii/dev.jsonl)."),
    as_json: bool = typer.Option(False, "--json", help="Skriv JSON."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Kör även Presidio-baslinjen."),
) -> None:
    """Utvärdera PII-detektering mot guldstandard. / Score PII detection against gold."""
    from pipeline.anonymize.engine import get_anonymizer
    from pipeline.anonymize.evaluate import Analyzer, evaluate, read_gold
    from pipeline.anonymize.report import format_report

    records = read_gold(gold)
    anonymizer = get_anonymizer(get_settings(ctx).models_dir)
    systems: dict[str, Analyzer] = {"lyhord": lambda texts: anonymizer.analyze_many(texts)}
    if baseline:
        from pipeline.anonymize.baseline import NAME, PresidioBaseline

        systems[NAME] = PresidioBaseline().analyze_many
    result = evaluate(records, systems)
    if as_json:
        print_json(result)
    else:
        typer.echo(format_report(result))
