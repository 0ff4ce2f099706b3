"""Serve the nightly flow on its schedule (02:00 Europe/Stockholm) from this process."""

from __future__ import annotations

from prefect.schedules import Cron, Schedule

from flows.nightly import nightly

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Europe/Stockholm"


def nightly_schedule() -> Schedule:
    """The nightly schedule, shared with prefect.yaml."""
    return Cron(NIGHTLY_CRON, timezone=TIMEZONE)


def serve_nightly(db: str | None = None) -> None:
    """Serve ``nightly`` with its schedule until interrupted (Ctrl-C)."""
    nightly.serve(
        name="lyhord-nightly",
        schedule=nightly_schedule(),
        parameters={"db": db},
        description="Lyhörd: ny input från inkorgen, anonymisering, teman, sammanfattningar.",
        tags=["lyhord"],
    )
