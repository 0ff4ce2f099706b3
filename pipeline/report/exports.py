"""Report entry points: JSON, feedback page, submissions export, and one ``write_report`` for every format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.dialogues import get_dialogue
from pipeline.errors import InputError
from pipeline.languages import language_name
from pipeline.report.html import environment, period, render_html, render_pdf
from pipeline.report.model import ReportModel, ReportTheme, build_report
from pipeline.report.office import render_docx
from pipeline.report.workbook import render_xlsx
from pipeline.store import Store

FORMATS = ("html", "pdf", "docx", "xlsx", "json")
_CITATION = re.compile(r"\s*\[s-[0-9a-f]+(?:,\s*s-[0-9a-f]+)*\]")
_FRAMING = re.compile(r"^(?:Många|Flera|Några) \((\d+) st, \d+ %\) tar upp, som här(?: \(på ([^)]+)\))?: ")
_SINGLE = re.compile(r"^En synpunkt tar upp(?: \(på ([^)]+)\))?: ")


def plain_sentence(text: str) -> str:
    """Reword a summary sentence for residents: no citation ids, no percentages."""
    text = _CITATION.sub("", text)
    match = _FRAMING.match(text)
    if match:
        lang = f" på {match.group(2)}" if match.group(2) else ""
        return f"{match.group(1)} synpunkter handlade om detta, till exempel{lang}: " + text[match.end() :]
    match = _SINGLE.match(text)
    if match:
        lang = f" på {match.group(1)}" if match.group(1) else ""
        return f"En synpunkt{lang}: " + text[match.end() :]
    return text


def render_json(model: ReportModel) -> str:
    """Return the JSON export (approved and edited themes only)."""
    return json.dumps(model.to_json(), ensure_ascii=False, indent=2, default=str)


def write_report(store: Store, dialogue_id: str, fmt: str, out_path: Path) -> Path:
    """Build the decision-basis report and write it in ``fmt`` (html, pdf, docx, xlsx, json)."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    model = build_report(store, dialogue_id, charts=fmt != "json")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out_path.write_text(render_html(model), encoding="utf-8")
    elif fmt == "pdf":
        render_pdf(model, out_path)
    elif fmt == "docx":
        render_docx(model, out_path)
    elif fmt == "xlsx":
        render_xlsx(model, out_path)
    else:
        out_path.write_text(render_json(model), encoding="utf-8")
    return out_path


def build_feedback_html(store: Store, dialogue_id: str) -> str:
    """Return the residents' page "Det här sa ni – det här gör vi" (approved content only, static HTML)."""
    model = build_report(store, dialogue_id, charts=False)
    themes = [_feedback_theme(theme) for theme in model.themes]
    has_period = model.dialogue.get("period_start") or model.dialogue.get("period_end")
    return (
        environment()
        .get_template("feedback.html.j2")
        .render(
            d=model.dialogue,
            total=model.total_submissions,
            themes=themes,
            multi_theme=model.overview.get("multi_theme", False),
            period=period(model.dialogue) if has_period else None,
        )
    )


def _feedback_theme(theme: ReportTheme) -> dict[str, Any]:
    """Return a theme in residents' words: claims with how many raised them, and up to two quotes."""
    summary = []
    for point in theme.points:
        if point.get("label"):
            n = point.get("n")
            summary.append({"text": point["label"], "n": n, "kind": point.get("kind")})
        else:
            summary.append({"text": plain_sentence(point["text"]), "n": None, "kind": None})
    quotes = [q for p in theme.points for q in p["quotes"]] or theme.quotes
    return {
        "label": theme.label,
        "description": theme.description,
        "size": theme.size,
        "size_primary": theme.size_primary,
        "summary": summary,
        "quotes": [dict(q, language_name=language_name(q.get("language"))) for q in quotes[:2]],
        "response": theme.response,
    }


def export_submissions(store: Store, dialogue_id: str, out_path: Path) -> int:
    """Write the dialogue's anonymized submissions as JSONL; returns how many were written.

    Each line is ``{"id", "text", "channel", "district", "received_at", "theme_id"}``.
    """
    get_dialogue(store, dialogue_id)
    rows = store.records(
        "SELECT s.id, s.text, s.channel, s.district, s.received_at, a.theme_id FROM submissions s "
        "LEFT JOIN theme_members a ON a.submission_id = s.id WHERE s.dialogue_id = ? ORDER BY s.id",
        [dialogue_id],
    )
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as fh:
        for row in rows:
            row["received_at"] = row["received_at"].isoformat() if row["received_at"] else None
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)
