"""`lyhord demo`: demo data → ingest → nightly → report, all on the embedded defaults."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from pipeline.dialogues import create_dialogue
from pipeline.errors import NotFoundError
from pipeline.settings import Settings
from pipeline.store import Store

if TYPE_CHECKING:
    from pipeline.demo import DemoManifest

DEMO_ACTOR = "demo"


def run_demo(settings: Settings, *, out: Path, n: int, seed: int) -> dict[str, Path]:
    """Generate the demo dialogue, run every stage on it and write the reports.

    In the demo, verified summaries are approved by the user ``demo`` so that the
    report has content; in real use only an official approves (see `lyhord review`).
    """
    from flows.ingest import ingest
    from flows.nightly import nightly
    from pipeline.demo import generate_demo

    console = Console(stderr=True)
    started = time.monotonic()
    with console.status("Skapar demodata …"):
        manifest = generate_demo(out, n=n, seed=seed)
    console.print(f"Demodata: {len(manifest.files)} filer i {out}")
    _register(settings, manifest)
    db = str(settings.db_path)
    with console.status("Läser in alla kanaler (Prefect-flödet ingest) …"):
        counts = ingest([str(p) for p in manifest.files], db=db, dialogue_id=manifest.dialogue.id)
    console.print(f"Inläsning: {counts}")
    with console.status("Kör nattflödet: anonymisering, teman, sammanfattningar …"):
        night = nightly(db=db, dialogue_id=manifest.dialogue.id, skip_inbox=True)
    console.print(f"Nattflödet: {night}")
    outputs = _approve_and_report(settings, manifest.dialogue.id, out)
    console.print(f"Klart på {time.monotonic() - started:.0f} s. Titta här:")
    for name, path in outputs.items():
        console.print(f"  {name:<10} {path}")
    console.print("Webbappen: lyhord users add NAMN --role official --password-stdin; lyhord web")
    return outputs


def _register(settings: Settings, manifest: DemoManifest) -> None:
    from pipeline.dialogues import get_dialogue
    from pipeline.report import load_population_csv

    with Store.open(settings) as store:
        try:
            get_dialogue(store, manifest.dialogue.id)
        except NotFoundError:
            create_dialogue(store, manifest.dialogue)
        load_population_csv(store, manifest.population_csv, dialogue_id=manifest.dialogue.id)


def _approve_and_report(settings: Settings, dialogue_id: str, out: Path) -> dict[str, Path]:
    from pipeline import review
    from pipeline.report import build_feedback_html, write_report

    out.mkdir(parents=True, exist_ok=True)
    with Store.open(settings) as store:
        for theme in review.list_themes(store, dialogue_id, include_drafts=True):
            if theme["status"] != "draft" or not theme.get("verified", True):
                continue
            review.approve(store, theme["theme_id"], actor=DEMO_ACTOR)
            review.respond(
                store,
                theme["theme_id"],
                "Demo: synpunkterna tas med i underlaget till den fördjupade översiktsplanen.",
                actor=DEMO_ACTOR,
            )
        outputs = {}
        for fmt in ("html", "pdf", "docx", "xlsx", "json"):
            path = out / f"redovisning.{fmt}"
            write_report(store, dialogue_id, fmt, path)
            outputs[f"rapport ({fmt})"] = path
        feedback = out / "aterkoppling.html"
        feedback.write_text(build_feedback_html(store, dialogue_id), encoding="utf-8")
        outputs["återkoppling"] = feedback
    return outputs
