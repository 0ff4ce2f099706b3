"""Downloads of the decision-basis report and the residents' feedback page.

The report module decides what enters (approved and edited themes only), so a
reader may download exports too; every download is written to the audit log.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from pipeline.dialogues import get_dialogue
from pipeline.review.audit import record_event
from pipeline.store import Store
from pipeline.web.auth import WebUser
from pipeline.web.context import current_user, get_store, render

router = APIRouter()
MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/d/{dialogue_id}/exports")
def exports_page(
    request: Request, dialogue_id: str, user: WebUser = Depends(current_user), store: Store = Depends(get_store)
) -> Response:
    """List the export formats."""
    dialogue = get_dialogue(store, dialogue_id)
    return render(request, "exports.html", {"dialogue": dialogue, "formats": list(MEDIA)})


def _attachment(content: bytes, media: str, filename: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(
        content,
        media_type=media,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/d/{dialogue_id}/exports/report.{fmt}")
def export_report(
    request: Request,
    dialogue_id: str,
    fmt: str,
    user: WebUser = Depends(current_user),
    store: Store = Depends(get_store),
) -> Response:
    """Build the report in ``fmt`` and send it as a download."""
    if fmt not in MEDIA:
        raise HTTPException(status_code=404)
    get_dialogue(store, dialogue_id)
    from pipeline.report.exports import write_report  # late: matplotlib and weasyprint are heavy

    with tempfile.TemporaryDirectory(prefix="lyhord-export-") as tmp:
        path = write_report(store, dialogue_id, fmt, Path(tmp) / f"report.{fmt}")
        content = path.read_bytes()
    record_event(store, actor=user.name, action="export", dialogue_id=dialogue_id, after={"format": fmt})
    return _attachment(content, MEDIA[fmt], f"{dialogue_id}-redovisning.{fmt}")


@router.get("/d/{dialogue_id}/exports/feedback.html")
def export_feedback(
    request: Request, dialogue_id: str, user: WebUser = Depends(current_user), store: Store = Depends(get_store)
) -> Response:
    """Send the residents' feedback page (approved content only)."""
    get_dialogue(store, dialogue_id)
    from pipeline.report.exports import build_feedback_html

    html = build_feedback_html(store, dialogue_id)
    record_event(store, actor=user.name, action="export", dialogue_id=dialogue_id, after={"format": "feedback"})
    return _attachment(html.encode("utf-8"), MEDIA["html"], f"{dialogue_id}-aterkoppling.html")
