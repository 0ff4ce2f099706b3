"""Review actions shared by the CLI and the web app: one implementation of every rule.

Each action checks the theme's state, changes ``theme_reviews`` (and for
rename, merge and split the decision tables in ``pipeline.review.decisions``),
and appends a hash-chained ``review_events`` row, all in one transaction. No
action writes the model's output (``themes``, ``theme_assignments``).
"""

from __future__ import annotations

from typing import Any

from pipeline.errors import NotFoundError, ReviewError
from pipeline.review import decisions
from pipeline.review.audit import append_event
from pipeline.review.state import (
    SYSTEM_ACTOR,
    latest_summary,
    now,
    review_row,
    snapshot,
)
from pipeline.store import Store
from pipeline.summaries.text import quoted_fragments
from pipeline.summaries.verify import verify_summary


def theme_row(store: Store, theme_id: str) -> dict[str, Any]:
    """Return the theme as the read model shows it (decisions applied) or raise ``NotFoundError``."""
    rows = store.records("SELECT * FROM theme_view WHERE id = ?", [theme_id])
    if not rows:
        raise NotFoundError(
            f"tema {theme_id!r} finns inte / no theme {theme_id!r}; list themes with `lyhord review list DIALOGUE`"
        )
    return rows[0]


def _active(store: Store, theme_id: str, *, allow_vanished: bool = False) -> dict[str, Any]:
    theme = theme_row(store, theme_id)
    if theme["vanished"] and allow_vanished:
        return theme
    if theme["vanished"]:
        raise ReviewError(
            f"temat {theme_id!r} hittades inte vid den senaste omanpassningen; slå samman det med ett annat "
            f"tema eller avvisa det / theme {theme_id!r} was not found by the last refit; merge or reject it"
        )
    if not theme["active"]:
        target = theme.get("merged_into")
        hint = f"; it was merged into {target!r}" if target else ""
        raise ReviewError(f"temat {theme_id!r} är inte längre aktivt / theme {theme_id!r} is not active{hint}")
    return theme


def _require_actor(actor: str) -> str:
    if not actor or not actor.strip():
        raise ReviewError("ange vem som granskar (--as USER) / say who acts with --as USER")
    return actor.strip()


def _ensure_review(store: Store, theme: dict[str, Any]) -> dict[str, Any]:
    row = review_row(store, theme["id"])
    if row is None:
        summary = latest_summary(store, theme["id"])
        store.execute(
            "INSERT INTO theme_reviews (theme_id, dialogue_id, status, summary_id, updated_at, updated_by) "
            "VALUES (?, ?, 'draft', ?, ?, ?)",
            [theme["id"], theme["dialogue_id"], summary["id"] if summary else None, now(), SYSTEM_ACTOR],
        )
        row = review_row(store, theme["id"])
    assert row is not None
    return row


def _update(store: Store, theme: dict[str, Any], actor: str, action: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Apply ``changes`` to the review row and log the event; inside a transaction."""
    row = _ensure_review(store, theme)
    before = snapshot(row)
    sets = ", ".join(f"{k} = ?" for k in changes)
    store.execute(
        f"UPDATE theme_reviews SET {sets}, updated_at = ?, updated_by = ? WHERE theme_id = ?",
        [*changes.values(), now(), actor, theme["id"]],
    )
    after = snapshot(review_row(store, theme["id"]))
    append_event(
        store,
        actor=actor,
        action=action,
        dialogue_id=theme["dialogue_id"],
        theme_id=theme["id"],
        before=before,
        after=after,
    )
    return after or {}


def _verified_latest(store: Store, theme_id: str) -> dict[str, Any]:
    summary = latest_summary(store, theme_id)
    if summary is None:
        raise ReviewError(
            f"temat {theme_id!r} har ingen sammanfattning ännu / theme {theme_id!r} has no summary yet; "
            "run `lyhord run nightly` first"
        )
    check = verify_summary(store, summary["sentences"], summary["quotes"])
    if not (summary["verified"] and check["ok"]):
        raise ReviewError(
            f"sammanfattningen av tema {theme_id!r} klarade inte citatkontrollen och kan inte godkännas; "
            f"redigera texten eller kör sammanfattningen igen / the summary of theme {theme_id!r} failed "
            f"citation verification ({len(check['failures'])} problem(s)) and cannot be approved"
        )
    return summary


def approve(store: Store, theme_id: str, *, actor: str) -> dict[str, Any]:
    """Approve the theme's latest summary; refused when it fails citation verification."""
    actor = _require_actor(actor)
    with store.transaction():
        theme = _active(store, theme_id)
        summary = _verified_latest(store, theme_id)
        return _update(
            store,
            theme,
            actor,
            "approve",
            {
                "status": "approved",
                "summary_id": summary["id"],
                "edited_text": None,
                "reason": None,
                "needs_rereview": None,
            },
        )


def check_edited_text(store: Store, theme_id: str, text: str) -> list[str]:
    """Return the submissions that the official's quoted fragments come from.

    Raises:
        ReviewError: a fragment in quotation marks is not verbatim in any of the theme's submissions.
    """
    ids = []
    for fragment in quoted_fragments(text):
        source = quote_source(store, theme_id, fragment)
        if source is None:
            raise ReviewError(
                "ett citat i texten finns inte ordagrant i någon synpunkt i temat; rätta citatet "
                "eller ta bort citattecknen / a quoted fragment is not verbatim in any of the theme's submissions"
            )
        ids.append(source)
    return ids


def quote_source(store: Store, theme_id: str, fragment: str) -> str | None:
    """Return the first submission of the theme that has ``fragment`` verbatim, or None.

    Secondary members count: summaries quote them as evidence (issue 13 §5), so an official
    who keeps such a quote in an edited text must not be refused.
    """
    row = store.fetchone(
        "SELECT s.id FROM submissions s JOIN theme_mentions a ON a.submission_id = s.id "
        "WHERE a.theme_id = ? AND contains(s.text, ?) ORDER BY a.rank, s.id LIMIT 1",
        [theme_id, fragment],
    )
    return None if row is None else row[0]


def edit(store: Store, theme_id: str, text: str, *, actor: str) -> dict[str, Any]:
    """Replace the summary with the official's text; the generated text is kept beside it."""
    actor = _require_actor(actor)
    text = (text or "").strip()
    if not text:
        raise ReviewError("den redigerade texten är tom / the edited text is empty")
    with store.transaction():
        theme = _active(store, theme_id)
        check_edited_text(store, theme_id, text)
        summary = latest_summary(store, theme_id)
        return _update(
            store,
            theme,
            actor,
            "edit",
            {
                "status": "edited",
                "summary_id": summary["id"] if summary else None,
                "edited_text": text,
                "reason": None,
                "needs_rereview": None,
            },
        )


def reject(store: Store, theme_id: str, *, reason: str, actor: str) -> dict[str, Any]:
    """Reject the theme's summary with a reason; it stays out of every export."""
    actor = _require_actor(actor)
    if not (reason or "").strip():
        raise ReviewError("ange ett skäl (--reason) / give a reason with --reason")
    with store.transaction():
        theme = _active(store, theme_id, allow_vanished=True)
        changes = {"status": "rejected", "reason": reason.strip(), "needs_rereview": None}
        return _update(store, theme, actor, "reject", changes)


def respond(store: Store, theme_id: str, text: str, *, actor: str) -> dict[str, Any]:
    """Set the city's response: how the input was considered (hur synpunkterna beaktats)."""
    actor = _require_actor(actor)
    if not (text or "").strip():
        raise ReviewError("svaret är tomt / the response is empty")
    with store.transaction():
        theme = _active(store, theme_id)
        return _update(store, theme, actor, "respond", {"response": text.strip()})


def rename(store: Store, theme_id: str, label: str, *, actor: str) -> dict[str, Any]:
    """Give the theme a new label (officials' wording wins over the model's)."""
    actor = _require_actor(actor)
    label = (label or "").strip()
    if not label:
        raise ReviewError("det nya namnet är tomt / the new label is empty")
    with store.transaction():
        theme = _active(store, theme_id, allow_vanished=True)
        decisions.set_label(store, theme, label, actor)
        append_event(
            store,
            actor=actor,
            action="rename",
            dialogue_id=theme["dialogue_id"],
            theme_id=theme_id,
            before={"label": theme["label"]},
            after={"label": label},
        )
    return {"theme_id": theme_id, "label": label}
