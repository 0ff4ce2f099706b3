"""One row per submission for the workbook: its approved themes, point, kind, position, language, evidence.

``teman`` names every approved theme the submission raises, its main theme first and
marked "(huvudtema)" when it raises several.

``belägg`` is "ja" for a submission quoted as evidence-rich (specific: a place, a reason,
a proposal or a time), as the summarizer flags it.

Only approved and edited themes are named; a submission outside them still gets a row
(with its language and breakdown fields), so the sheet accounts for every submission.
No text is written: the anonymized texts are exported separately (``lyhord export``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.report.points import headline
from pipeline.schema import CHANNEL_NAMES
from pipeline.summaries.inputs import month_of

if TYPE_CHECKING:
    from pipeline.report.model import ReportTheme

SUBMISSION_COLUMNS = (
    "synpunkt-id",
    "kanal",
    "stadsdel",
    "åldersgrupp",
    "månad",
    "språk",
    "teman",
    "punkt",
    "typ",
    "hållning",
    "belägg",
)


def _point_index(themes: list[ReportTheme]) -> dict[str, dict[str, Any]]:
    """Map each cited or quoted submission to the first (largest) point it supports."""
    index: dict[str, dict[str, Any]] = {}
    for t in themes:
        for p in sorted(t.points, key=lambda p: -(p.get("n") or 0)):
            for sid in [*p.get("citations", []), *(q["submission_id"] for q in p.get("quotes", []))]:
                index.setdefault(sid, p)
    return index


def _evidence_ids(themes: list[ReportTheme]) -> set[str]:
    return {q["submission_id"] for t in themes for p in t.points for q in p.get("quotes", []) if q.get("evidence")}


def submission_rows(rows: list[dict[str, Any]], themes: list[ReportTheme]) -> list[dict[str, Any]]:
    """Return one dict per submission (keys as in :data:`SUBMISSION_COLUMNS`), ordered by id."""
    labels = {t.id: t.label for t in themes}
    points, evidence = _point_index(themes), _evidence_ids(themes)
    out: dict[str, dict[str, Any]] = {}
    for r in rows:  # one row per theme the submission raises, its main theme (rank 1) first
        row = out.setdefault(r["id"], _base_row(r))
        theme_id = r.get("theme_id")
        if theme_id in labels and labels[theme_id] not in row["_themes"]:
            row["_themes"].append(labels[theme_id])
            row["_main"] = row["_main"] or (labels[theme_id] if r.get("rank") == 1 else None)
    for sid, row in out.items():
        point = points.get(sid) or {}
        named, main = row.pop("_themes"), row.pop("_main")
        if main and len(named) > 1:
            named = [f"{main} (huvudtema)"] + [t for t in named if t != main]
        row["teman"] = "; ".join(named)
        row["punkt"] = headline(point) if point else ""
        row["typ"] = point.get("kind") or ""
        row["hållning"] = point.get("position") or ""
        row["belägg"] = "ja" if sid in evidence else ""
    return list(out.values())


def _base_row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "synpunkt-id": r["id"],
        "kanal": CHANNEL_NAMES.get(r.get("channel") or "", r.get("channel") or ""),
        "stadsdel": r.get("district") or "",
        "åldersgrupp": r.get("age_group") or "",
        "månad": month_of(r.get("received_at")) or "",
        "språk": r.get("language") or "",
        "_themes": [],
        "_main": None,
    }
