"""DOCX (python-docx) and XLSX (openpyxl) renderers of the decision-basis report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.report.charts import CHART_TITLES
from pipeline.report.html import DIMENSION_NAMES, channel_list, pct, period
from pipeline.report.spreadsheet import append_row
from pipeline.summaries.differences import month_name

if TYPE_CHECKING:
    from pipeline.report.model import ReportModel

NO_RESPONSE = "Kommunen har ännu inte lämnat något svar på detta tema."


def _table(doc: Any, header: list[str], rows: list[list[object]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def _chart(doc: Any, model: ReportModel, key: str) -> None:
    from docx.shared import Cm

    if key in model.charts:
        doc.add_picture(io.BytesIO(model.charts[key]), width=Cm(15))
        doc.add_paragraph(CHART_TITLES[key], style="Caption")


def _docx_planned(doc: Any, model: ReportModel) -> None:
    d = model.dialogue
    doc.add_heading("1. Så planerades dialogen", level=1)
    for label, value in (
        ("Syfte", d.get("purpose")),
        ("Fråga till invånarna", d.get("question")),
        ("Hur resultatet ska användas", d.get("use_of_results")),
        ("Målgrupper", d.get("target_groups")),
        ("Kanaler", channel_list(d)),
        ("Period", period(d)),
    ):
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value or "Ej angivet")


def _docx_carried_out(doc: Any, model: ReportModel) -> None:
    doc.add_heading("2. Så genomfördes dialogen", level=1)
    doc.add_paragraph(f"Totalt kom det in {model.total_submissions} synpunkter.")
    for dim in ("channel", "district", "age_group", "month"):
        counts = model.participation.get(dim) or {}
        if counts:
            rows = [
                [month_name(k) if dim == "month" else k, n, pct(n, model.total_submissions)] for k, n in counts.items()
            ]
            _table(doc, [DIMENSION_NAMES[dim], "Antal", "Andel"], rows)
            _chart(doc, model, dim)
    doc.add_heading("3. Representativitet", level=1)
    if not model.representativeness:
        doc.add_paragraph("Befolkningsuppgifter saknas, så representativiteten kan inte bedömas.")
    rows = [
        [
            DIMENSION_NAMES[r["dimension"]],
            r["value"],
            r["submissions"],
            f"{100 * r['share']:.0f} %",
            r["population"],
            f"{100 * r['population_share']:.0f} %",
            "Underrepresenterad" if r["under_represented"] else "–",
        ]
        for r in model.representativeness
    ]
    if rows:
        _table(doc, ["Dimension", "Grupp", "Synpunkter", "Andel", "Befolkning", "Andel bef.", "Bedömning"], rows)
        for key in ("representation_district", "representation_age_group"):
            _chart(doc, model, key)


def _docx_themes(doc: Any, model: ReportModel) -> None:
    doc.add_heading("4. Det här kom in", level=1)
    _chart(doc, model, "themes")
    for t in model.themes:
        doc.add_heading(t.label, level=2)
        doc.add_paragraph(f"{t.size} synpunkter ({100 * t.share:.0f} %). Nyckelord: {', '.join(t.keywords)}")
        for s in t.summary:
            cite = f" [{', '.join(s['citations'])}]" if s["citations"] else ""
            doc.add_paragraph(s["text"] + cite)
        for q in t.quotes:
            doc.add_paragraph(f"”{q['text']}” [{q['submission_id']}]", style="Quote")
        for note in t.differences:
            doc.add_paragraph(note, style="List Bullet")
    doc.add_heading("5. Så har synpunkterna beaktats", level=1)
    for t in model.themes:
        doc.add_heading(t.label, level=2)
        doc.add_paragraph(t.response or NO_RESPONSE)


def render_docx(model: ReportModel, out_path: Path) -> None:
    """Write the report as a Word document with charts as images."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = f"Redovisning av invånardialog: {model.dialogue['title']}"
    doc.core_properties.language = "sv-SE"
    doc.add_heading(f"Redovisning av invånardialog: {model.dialogue['title']}", level=0)
    doc.add_paragraph(
        "Rapporten innehåller bara teman som en tjänsteperson har granskat och godkänt. "
        f"Skapad {model.generated_at:%Y-%m-%d %H:%M}."
    )
    _docx_planned(doc, model)
    _docx_carried_out(doc, model)
    _docx_themes(doc, model)
    doc.save(str(out_path))


def render_xlsx(model: ReportModel, out_path: Path) -> None:
    """Write the report as a workbook: sheets teman, antal, citat, svar (plus charts as images).

    Every row goes through :func:`~pipeline.report.spreadsheet.append_row`, so user text that
    looks like a formula is stored as text.
    """
    from openpyxl import Workbook

    wb = Workbook()
    themes = wb.active
    themes.title = "teman"
    append_row(themes, ["id", "tema", "status", "antal", "andel", "nyckelord", "sammanfattning", "källor"])
    for t in model.themes:
        append_row(
            themes,
            [
                t.id,
                t.label,
                t.status,
                t.size,
                round(t.share, 4),
                ", ".join(t.keywords),
                "\n".join(s["text"] for s in t.summary),
                ", ".join(sorted({c for s in t.summary for c in s["citations"]})),
            ],
        )
    _xlsx_counts(wb.create_sheet("antal"), model)
    quotes = wb.create_sheet("citat")
    append_row(quotes, ["tema-id", "tema", "citat", "synpunkt-id"])
    for t in model.themes:
        for q in t.quotes:
            append_row(quotes, [t.id, t.label, q["text"], q["submission_id"]])
    responses = wb.create_sheet("svar")
    append_row(responses, ["tema-id", "tema", "hur synpunkterna beaktats"])
    for t in model.themes:
        append_row(responses, [t.id, t.label, t.response or NO_RESPONSE])
    _xlsx_charts(wb, model)
    wb.save(str(out_path))


def _xlsx_counts(sheet: Any, model: ReportModel) -> None:
    append_row(sheet, ["dimension", "värde", "antal synpunkter", "befolkning", "underrepresenterad"])
    population = {(r["dimension"], r["value"]): r for r in model.representativeness}
    for dim, values in model.participation.items():
        for value, n in values.items():
            pop = population.get((dim, value), {})
            row = [DIMENSION_NAMES[dim], value, n, pop.get("population"), "ja" if pop.get("under_represented") else ""]
            append_row(sheet, row)


def _xlsx_charts(wb: Any, model: ReportModel) -> None:
    from openpyxl.drawing.image import Image

    if not model.charts:
        return
    charts = wb.create_sheet("diagram")
    row = 1
    for key, png in model.charts.items():
        charts.cell(row=row, column=1, value=CHART_TITLES[key])
        charts.add_image(Image(io.BytesIO(png)), f"A{row + 1}")
        row += 22
