"""XLSX renderer (openpyxl) of the decision-basis report.

Sheets: ``sammanfattning``, ``teman``, ``punkter`` (one row per point), ``synpunkter``
(one row per submission: themes, point, kind, position, language, evidence), ``antal``
(counts with both denominators), ``citat``, ``svar`` and ``diagram``. Every row goes
through :func:`~pipeline.report.spreadsheet.append_row`, so user text that looks like a
formula is stored as text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.report.charts import CHART_TITLES
from pipeline.report.html import DIMENSION_NAMES
from pipeline.report.overview import MULTI_THEME_NOTE
from pipeline.report.points import NO_RESPONSE, headline
from pipeline.report.rows import SUBMISSION_COLUMNS
from pipeline.report.spreadsheet import append_row

if TYPE_CHECKING:
    from pipeline.report.model import ReportModel


def render_xlsx(model: ReportModel, out_path: Path) -> None:
    """Write the report as a workbook (sheets listed in the module docstring)."""
    from openpyxl import Workbook

    wb = Workbook()
    _overview_sheet(wb.active, model)
    _themes_sheet(wb.create_sheet("teman"), model)
    _points_sheet(wb.create_sheet("punkter"), model)
    submissions = wb.create_sheet("synpunkter")
    append_row(submissions, SUBMISSION_COLUMNS)
    for row in model.submissions:
        append_row(submissions, [row[c] for c in SUBMISSION_COLUMNS])
    submissions.freeze_panes = "A2"
    _counts_sheet(wb.create_sheet("antal"), model)
    quotes = wb.create_sheet("citat")
    append_row(quotes, ["tema-id", "tema", "citat", "synpunkt-id", "språk", "punkt", "belägg", "maskinöversättning"])
    for t in model.themes:
        for p in t.points:
            for q in p["quotes"]:
                append_row(
                    quotes,
                    [t.id, t.label, q["text"], q["submission_id"], q["language"], headline(p), _yes(q), q.get("gloss")],
                )
        for q in t.quotes:
            cells = [t.id, t.label, q["text"], q["submission_id"], q.get("language"), "", "", q.get("gloss")]
            append_row(quotes, cells)
    responses = wb.create_sheet("svar")
    append_row(responses, ["tema-id", "tema", "hur synpunkterna beaktats"])
    for t in model.themes:
        append_row(responses, [t.id, t.label, t.response or NO_RESPONSE])
    _charts_sheet(wb, model)
    wb.save(str(out_path))


def _yes(quote: dict[str, Any]) -> str:
    return "ja" if quote.get("evidence") else ""


def _overview_sheet(sheet: Any, model: ReportModel) -> None:
    sheet.title = "sammanfattning"
    append_row(sheet, ["Sammanfattning", f"{model.total_submissions} synpunkter"])
    if model.overview.get("multi_theme"):
        append_row(sheet, [MULTI_THEME_NOTE])
    header = ["tema", "tar upp temat", "varav som huvudtema", "andel (med nämnare)", "det här tar flest upp"]
    append_row(sheet, [*header, "för", "emot", "oklar"])
    for line in model.overview.get("themes", []):
        stance = line["stance"] or {}
        row = [line["label"], line["size"], line["size_primary"], line["share_text"], "\n".join(line["claims"])]
        append_row(sheet, row + [stance.get("för"), stance.get("emot"), stance.get("oklar")])
    append_row(sheet, [])
    append_row(sheet, ["Det här tog underrepresenterade grupper upp"])
    for group in model.overview.get("groups", []):
        append_row(sheet, [group["text"]])
    append_row(sheet, [])
    append_row(sheet, ["Det här saknas i underlaget"])
    for note in model.overview.get("missing", []):
        append_row(sheet, [note])


def _themes_sheet(sheet: Any, model: ReportModel) -> None:
    header = ["id", "tema", "beskrivning", "status", "tar upp temat", "varav som huvudtema", "andel av alla synpunkter"]
    header += ["nyckelord"]
    append_row(sheet, header + ["sammanfattning", "källor", "rest", "skillnader"])
    total = model.total_submissions
    for t in model.themes:
        append_row(
            sheet,
            [
                t.id,
                t.label,
                t.description,
                t.status,
                t.size,
                t.size_primary,
                round(t.size / total, 4) if total else 0.0,
                ", ".join(t.keywords),
                "\n".join(headline(p) for p in t.summary),
                ", ".join(sorted({c for p in t.summary for c in p["citations"]})),
                t.remainder,
                "\n".join(d["text"] for d in t.differences),
            ],
        )


def _points_sheet(sheet: Any, model: ReportModel) -> None:
    append_row(sheet, ["tema-id", "tema", "punkt", "typ", "hållning", "antal", "andel av temat", "andel av alla"])
    for t in model.themes:
        for p in t.points:
            row = [t.id, t.label, headline(p), p["kind"], p["position"], p["n"]]
            append_row(sheet, row + [p["share_of_theme"], p["share_of_all"]])


def _counts_sheet(sheet: Any, model: ReportModel) -> None:
    header = ["dimension", "värde", "antal synpunkter", "andel av alla", "andel av kända"]
    append_row(sheet, [*header, "befolkning", "underrepresenterad"])
    population = {(r["dimension"], r["value"]): r for r in model.representativeness}
    total = model.total_submissions
    for dim, values in model.participation.items():
        known = model.counts.known(dim)
        for value, n in values.items():
            pop = population.get((dim, value), {})
            share_known = round(n / known, 4) if known else 0.0
            row = [DIMENSION_NAMES[dim], value, n, round(n / total, 4) if total else 0.0, share_known]
            append_row(sheet, row + [pop.get("population"), "ja" if pop.get("under_represented") else ""])
        if known < total:
            missing = total - known
            append_row(sheet, [DIMENSION_NAMES[dim], "uppgift saknas", missing, round(missing / total, 4)])


def _charts_sheet(wb: Any, model: ReportModel) -> None:
    from openpyxl.drawing.image import Image

    if not model.charts:
        return
    charts = wb.create_sheet("diagram")
    row = 1
    for key, png in model.charts.items():
        charts.cell(row=row, column=1, value=CHART_TITLES[key])
        image = Image(io.BytesIO(png))
        charts.add_image(image, f"A{row + 1}")
        row += 3 + int(image.height / 20)
