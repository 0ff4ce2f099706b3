"""Merge and split themes; both send the changed themes back to review with a reason."""

from __future__ import annotations

import logging
from typing import Any

from pipeline.errors import InputError, ReviewError
from pipeline.review import decisions
from pipeline.review.actions import _active, _require_actor, theme_row
from pipeline.review.audit import append_event
from pipeline.review.state import send_back
from pipeline.store import Store
from pipeline.summaries.differences import submissions_text

log = logging.getLogger(__name__)


def _resummarize(store: Store, theme_ids: list[str]) -> None:
    """Summarise the changed themes again now; when a run writes them at the same moment, leave it to the run.

    The official's decision is already committed and changed the themes' input fingerprints, so
    the next summaries stage redoes them; the themes are flagged for review either way.
    """
    import duckdb

    from pipeline.summaries.stage import summarize_themes  # late: summaries imports review

    themes = store.records(
        "SELECT id, dialogue_id, theme_run_id, label, keywords, size, share, representative_ids "
        "FROM theme_view WHERE list_contains(?, id) ORDER BY id",
        [theme_ids],
    )
    try:
        summarize_themes(store, store.settings, themes, force=True)
    except duckdb.TransactionException:
        log.warning("summarising %d changed themes collided with a run; the next run summarises them", len(themes))


def merge(store: Store, theme_ids: list[str], into: str, *, actor: str) -> dict[str, Any]:
    """Merge ``theme_ids`` into the theme ``into``; the merged ones become inactive.

    The target goes back to review (its content changed); the sources keep their
    history and point at the target through ``theme_decisions.merged_into``, which
    no later run of the themes stage can undo.
    """
    actor = _require_actor(actor)
    sources = [t for t in dict.fromkeys(theme_ids) if t != into]
    if not sources:
        raise InputError("ange minst ett annat tema att slå samman / name at least one other theme to merge")
    with store.transaction():
        target = _active(store, into)
        themes = [_active(store, t, allow_vanished=True) for t in sources]
        if any(t["dialogue_id"] != target["dialogue_id"] for t in themes):
            raise ReviewError("teman från olika dialoger kan inte slås samman / themes belong to different dialogues")
        before = {t["id"]: {"label": t["label"], "size": t["size"]} for t in [target, *themes]}
        decisions.set_merged(store, themes, into, actor)
        size = theme_row(store, into)["size"]
        append_event(
            store,
            actor=actor,
            action="merge",
            dialogue_id=target["dialogue_id"],
            theme_id=into,
            before=before,
            after={"into": into, "merged": sources, "size": size},
        )
        names = ", ".join(t["label"] for t in themes)
        send_back(store, into, f"Temat har slagits samman med: {names}. Granska sammanfattningen igen.")
    _resummarize(store, [into])
    return {"theme_id": into, "merged": sources, "size": size}


def _new_theme_id(store: Store, theme_id: str) -> str:
    n = len(decisions.split_ids(store, theme_id))
    return f"{theme_id}-split-{n + 1}"


def split(store: Store, theme_id: str, submission_ids: list[str], label: str, *, actor: str) -> dict[str, Any]:
    """Move ``submission_ids`` out of a theme into a new theme called ``label``.

    Returns:
        ``{"theme_id", "new_theme_id", "moved"}``.
    """
    actor = _require_actor(actor)
    ids = sorted(set(submission_ids))
    if not ids or not (label or "").strip():
        raise InputError("ange synpunkter och ett namn för det nya temat / give submission ids and a label")
    with store.transaction():
        theme = _active(store, theme_id)
        found = store.scalar(
            "SELECT count(*) FROM theme_members WHERE theme_id = ? AND list_contains(?, submission_id)",
            [theme_id, ids],
        )
        if found != len(ids):
            raise InputError(
                f"{len(ids) - found} of the submission ids do not belong to theme {theme_id!r}; "
                "pick ids from `lyhord review show THEME_ID`"
            )
        if found >= theme["size"]:
            raise ReviewError("minst en synpunkt måste bli kvar i temat / at least one submission must stay")
        new_id = _new_theme_id(store, theme_id)
        decisions.create_split(store, theme, new_id, label.strip(), ids, actor)
        append_event(
            store,
            actor=actor,
            action="split",
            dialogue_id=theme["dialogue_id"],
            theme_id=theme_id,
            before={"size": theme["size"]},
            after={"new_theme_id": new_id, "label": label.strip(), "moved": ids},
        )
        send_back(store, theme_id, f"Temat har delats: {submissions_text(len(ids))} flyttades till ”{label.strip()}”.")
    _resummarize(store, [theme_id, new_id])
    return {"theme_id": theme_id, "new_theme_id": new_id, "moved": len(ids)}


def move(store: Store, theme_id: str, submission_ids: list[str], into: str, *, actor: str) -> dict[str, Any]:
    """Move ``submission_ids`` from a theme into another existing theme of the same dialogue.

    This is how an official corrects the model's choice for single submissions. The
    placement is a decision (``assignment_decisions``) that later runs never undo, and
    both themes go back to review with a reason, summarised again at once.

    Returns:
        ``{"theme_id", "new_theme_id", "moved"}``; ``new_theme_id`` is ``into``.
    """
    actor = _require_actor(actor)
    ids = sorted(set(submission_ids))
    if not ids:
        raise InputError("markera minst en synpunkt att flytta / tick at least one submission to move")
    if not into or into == theme_id:
        raise InputError("välj ett annat tema att flytta till / choose another theme to move the submissions to")
    with store.transaction():
        theme = _active(store, theme_id)
        target = _active(store, into)
        if target["dialogue_id"] != theme["dialogue_id"]:
            raise ReviewError("teman från olika dialoger / the themes belong to different dialogues")
        found = store.scalar(
            "SELECT count(*) FROM theme_members WHERE theme_id = ? AND list_contains(?, submission_id)",
            [theme_id, ids],
        )
        if found != len(ids):
            raise InputError(
                f"{len(ids) - found} of the submission ids do not belong to theme {theme_id!r}; "
                "pick ids from `lyhord review show THEME_ID`"
            )
        if found >= theme["size"]:
            raise ReviewError(
                "minst en synpunkt måste bli kvar i temat; slå samman temat i stället / "
                "at least one submission must stay; merge the theme instead"
            )
        decisions.place(store, theme["dialogue_id"], ids, into, actor)
        append_event(
            store,
            actor=actor,
            action="move",
            dialogue_id=theme["dialogue_id"],
            theme_id=theme_id,
            before={"size": theme["size"], "into_size": target["size"]},
            after={"into": into, "moved": ids},
        )
        moved, again = submissions_text(len(ids)), "Granska sammanfattningen igen."
        send_back(store, theme_id, f"{moved} flyttades till ”{target['label']}”. {again}")
        send_back(store, into, f"{moved} flyttades hit från ”{theme['label']}”. {again}")
    _resummarize(store, [theme_id, into])
    return {"theme_id": theme_id, "new_theme_id": into, "moved": len(ids)}
