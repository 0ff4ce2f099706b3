"""Theme commands: ``lyhord themes fit|update`` and ``lyhord eval themes``."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cli.common import eval_app, get_settings, open_store, print_json

themes_app = typer.Typer(help="Teman: hitta och tilldela teman. / Find and assign themes.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``themes`` (fit, update) to ``app`` and ``themes`` to the ``eval`` group."""
    themes_app.command("fit")(fit)
    themes_app.command("update")(update)
    app.add_typer(themes_app, name="themes")
    eval_app.command("themes")(eval_themes)


def fit(
    ctx: typer.Context,
    input_path: Path = typer.Argument(..., metavar="IN.jsonl", help="JSON Lines med fälten id och text."),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        help="Utfil (JSON Lines): id, theme_id, theme_label, secondary_theme_id, tertiary_theme_id.",
    ),
    scheme: Path | None = typer.Option(None, "--scheme", help="Temaschema (YAML-lista med id, name, description)."),
    seed: int | None = typer.Option(None, "--seed", help="Slumpfrö (samma frö och indata ger samma teman)."),
) -> None:
    """Hitta teman i en fil. / Fit themes to a JSONL file.

    Skriver en rad per indatarad och en beskrivning av temana i OUT.themes.json.
    Med schema blir theme_id schemats id; "other" betyder övrigt (utanför alla teman).
    """
    from pipeline.dialogues import load_scheme
    from pipeline.themes.files import embed_file_texts, read_jsonl, run_fit, write_outputs

    settings = get_settings(ctx)
    rows = read_jsonl(input_path)
    entries = load_scheme(scheme) if scheme else None
    E = embed_file_texts([str(r["text"]) for r in rows], settings)
    result = run_fit(rows, settings, entries, seed=seed, E=E)
    desc = write_outputs(output, rows, result, E)
    other = sum(t.origin == "other" for t in (result.themes[i] for i in result.labels))
    typer.echo(
        f"{len(rows)} synpunkter, {len(result.themes) - 1} teman, övrigt {other / len(rows):.1%}. "
        f"Skrev {output} och {desc}."
    )


def update(
    ctx: typer.Context,
    dialogue_id: str | None = typer.Option(None, "--dialogue", help="Bara denna dialog (standard: alla)."),
    refit: bool = typer.Option(False, "--refit", help="Anpassa om teman i stället för att bara tilldela nya."),
    as_json: bool = typer.Option(False, "--json", help="Skriv antal som JSON."),
) -> None:
    """Uppdatera teman i databasen. / Update themes in the store.

    Nya synpunkter tilldelas befintliga teman; teman anpassas om första gången, på begäran
    eller när många synpunkter inte passar något tema.
    """
    from pipeline.stages import new_run_id
    from pipeline.themes.stage import update_themes

    settings = get_settings(ctx)
    with open_store(ctx) as store:
        result = update_themes(
            store, settings=settings, run_id=new_run_id("themes"), dialogue_id=dialogue_id, refit=refit
        )
    if as_json:
        print_json({"run_id": result.run_id, "counts": result.counts, "notes": result.notes})
    else:
        typer.echo(result.summary())


def eval_themes(
    ctx: typer.Context,
    gold: Path = typer.Option(..., "--gold", help="JSON Lines med id, text och guldfältet theme."),
    scheme: Path | None = typer.Option(None, "--scheme", help="Temaschema; ger även träffsäkerhet (accuracy)."),
    seed: int | None = typer.Option(None, "--seed", help="Slumpfrö."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Utvärdera teman mot guldstandard. / Evaluate themes against gold labels.

    Visar NMI, ARI, renhet (purity), andel övrigt och antal teman, bredvid TF-IDF+KMeans och
    LDA med samma antal teman som guldet.
    """
    from pipeline.dialogues import load_scheme
    from pipeline.themes.evaluate import evaluate
    from pipeline.themes.files import read_jsonl, run_fit

    settings = get_settings(ctx)
    rows = read_jsonl(gold, need=("id", "text", "theme"))
    entries = load_scheme(scheme) if scheme else None
    result = run_fit(rows, settings, entries, seed=seed)
    pred = [result.themes[i].key for i in result.labels]
    scores = evaluate(
        [str(r["text"]) for r in rows],
        [str(r["theme"]) for r in rows],
        pred,
        seed=result.params.seed,
        scheme_ids={e.id for e in entries} if entries else None,
    )
    if as_json:
        print_json({"n": len(rows), "scheme": bool(entries), "scores": scores})
        return
    metrics = [m for m in ("nmi", "ari", "purity", "accuracy", "outlier_share", "themes") if m in scores["lyhord"]]
    typer.echo(f"{'mått':<14}" + "".join(f"{name:>14}" for name in scores))
    for metric in metrics:
        typer.echo(f"{metric:<14}" + "".join(f"{scores[name].get(metric, '–'):>14}" for name in scores))
