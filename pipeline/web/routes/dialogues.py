"""The dialogues list, a dialogue's overview and its audit log."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from pipeline.dialogues import DEFAULT_DIALOGUE_ID, get_dialogue
from pipeline.review.audit import verify_audit
from pipeline.status import dialogue_status, last_scheduled_failure
from pipeline.store import Store
from pipeline.web.audit_view import describe
from pipeline.web.auth import WebUser
from pipeline.web.context import (
    app_ctx,
    cached,
    can_audit,
    current_user,
    fragment,
    get_store,
    language,
    render,
)
from pipeline.web.i18n import translator
from pipeline.web.overview import overview

router = APIRouter()


@router.get("/")
def dialogues(request: Request, user: WebUser = Depends(current_user), store: Store = Depends(get_store)) -> Response:
    """List dialogues with counts per channel and stage and the last nightly run."""
    failure = last_scheduled_failure(store) if user.can("drafts") else None
    rows = [r for r in dialogue_status(store) if not _empty_default(r)]
    return render(request, "dialogues.html", {"rows": rows, "schedule_failure": failure})


def _empty_default(row: dict[str, Any]) -> bool:
    """The default dialogue before anything reached it: the receiver creates it when the service starts.

    Officials did not create it, so an empty row called "Standarddialog" only puzzles them.
    """
    stages = row["stages"]
    return row["id"] == DEFAULT_DIALOGUE_ID and not (stages["received"] or stages["rejected"])


@router.get("/d/{dialogue_id}")
async def dialogue_overview(
    request: Request, dialogue_id: str, user: WebUser = Depends(current_user), store: Store = Depends(get_store)
) -> Response:
    """Show charts, participation and review progress for one dialogue (served from the cache when warm)."""
    ctx, lang = app_ctx(request), language(request)

    def body() -> tuple[Markup, Any]:
        data = overview(ctx, store, dialogue_id, include_drafts=user.can("drafts"), lang=lang)
        return fragment(request, "_overview_body.html", {**data, "page": "overview"}), data["dialogue"]

    body_html, dialogue = await cached(ctx, ("overview-html", dialogue_id, user.role, lang), body)
    return render(request, "overview.html", {"body_html": body_html, "dialogue": dialogue})


def _short(value: Any, limit: int = 300) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


@router.get("/d/{dialogue_id}/audit")
def audit_log(
    request: Request, dialogue_id: str, user: WebUser = Depends(can_audit), store: Store = Depends(get_store)
) -> Response:
    """Show the dialogue's review events, newest first, and whether the chain verifies."""
    dialogue = get_dialogue(store, dialogue_id)
    events = store.records(
        "SELECT e.seq, e.occurred_at AS at, e.actor, e.action, e.theme_id, t.label, e.before, e.after "
        "FROM review_events e LEFT JOIN theme_view t ON t.id = e.theme_id "
        "WHERE e.dialogue_id = ? ORDER BY e.seq DESC LIMIT 500",
        [dialogue_id],
    )
    labels = dict(store.fetchall("SELECT id, label FROM theme_view WHERE dialogue_id = ?", [dialogue_id]))
    t = translator(language(request))
    events = [describe(event, labels, t) for event in events]
    for event in events:
        event["before"], event["after"] = _short(event["before"]), _short(event["after"])
    result = verify_audit(store)
    return render(request, "audit.html", {"dialogue": dialogue, "events": events, "audit": result})
