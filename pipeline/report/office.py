"""DOCX renderer (python-docx) of the decision-basis report, in the HTML report's order.

Sammanfattning first, then each theme, how it was considered, and only then how the
dialogue was planned and who took part. Table header rows repeat on every page and
rows are never split across pages (Word's ``tblHeader`` and ``cantSplit``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.languages import language_name
from pipeline.report.charts import CHART_TITLES
from pipeline.report.html import DIMENSION_NAMES, channel_list, pct, period
from pipeline.report.overview import MULTI_THEME_NOTE
from pipeline.report.points import NO_RESPONSE, point_meta, stance_text
from pipeline.summaries.differences import KNOWN, month_name, share_text

if TYPE_CHECKING:
    from pipeline.report.model import ReportModel, ReportTheme


def _keep_rows_whole(table: Any) -> None:
    """Repeat the header row on every page and never split a row across pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for i, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        flags = ("w:cantSplit", "w:tblHeader") if i == 0 else ("w:cantSplit",)
        for flag in flags:
            element = OxmlElement(flag)
            element.set(qn("w:val"), "true")
            props.append(element)


def _table(doc: Any, header: list[str], rows: list[list[object]], caption: str | None = None) -> None:
    if caption:
        para = doc.add_paragraph(caption, style="Caption")
        para.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    _keep_rows_whole(table)


def _chart(doc: Any, model: ReportModel, key: str) -> None:
    from docx.shared import Cm

    if key in model.charts:
        doc.add_picture(io.BytesIO(model.charts[key]), width=Cm(15))
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
        doc.add_paragraph(CHART_TITLES[key], style="Caption")


def _docx_overview(doc: Any, model: ReportModel) -> None:
    o = model.overview
    doc.add_heading("1. Sammanfattning", level=1)
    text = f"Totalt kom det in {model.total_submissions} synpunkter. {len(model.themes)} teman har godkänts."
    if o.get("multi_theme"):
        text += " " + MULTI_THEME_NOTE
    doc.add_paragraph(text)
    header = ["Tema", "Synpunkter", "Det här tar flest upp"] + (["För / emot"] if o.get("has_stance") else [])
    rows = []
    for line in o.get("themes", []):
        row = [
            line["label"],
            f"{line['counts_text']} ({line['share_text']})",
            "\n".join(f"• {c}" for c in line["claims"]),
        ]
        if o.get("has_stance"):
            row.append(stance_text(line["stance"]))
        rows.append(row)
    if rows:
        _table(doc, header, rows, "Teman efter antal synpunkter, med de punkter flest tog upp")
    doc.add_heading("Det här tog underrepresenterade grupper upp", level=2)
    groups = o.get("groups") or []
    if not groups:
        doc.add_paragraph(
            "Ingen stadsdel eller åldersgrupp är tydligt underrepresenterad."
            if model.representativeness
            else "Befolkningsuppgifter saknas, så underrepresenterade grupper kan inte pekas ut."
        )
    for group in groups:
        doc.add_paragraph(group["text"], style="List Bullet")
    doc.add_heading("Det här saknas i underlaget", level=2)
    for note in o.get("missing") or ["Inga uppgifter saknas."]:
        doc.add_paragraph(note, style="List Bullet")


def _docx_point(doc: Any, theme: ReportTheme, point: dict[str, Any], total: int) -> None:
    if not point.get("label"):
        cite = f" [{', '.join(point['citations'])}]" if point["citations"] else ""
        doc.add_paragraph(point["text"] + cite)
        return
    para = doc.add_paragraph()
    para.paragraph_format.keep_with_next = True
    para.add_run(point["label"]).bold = True
    para.add_run("\n" + point_meta(point, theme.size, total))
    for q in point["quotes"]:
        _docx_quote(doc, q)


def _docx_quote(doc: Any, q: dict[str, Any]) -> None:
    lang = f" på {language_name(q['language'])}" if q.get("language") and q["language"] != "sv" else ""
    doc.add_paragraph(f"”{q['text']}”{lang} [{q['submission_id']}]", style="Quote")
    if q.get("gloss"):
        doc.add_paragraph(f"Maskinöversättning: {q['gloss']}", style="Quote")


def _docx_theme(doc: Any, t: ReportTheme, total: int) -> None:
    doc.add_heading(t.label, level=2)
    if t.description:
        doc.add_paragraph().add_run(f"Temat enligt temaschemat: {t.description}").italic = True
    meta = f"{t.counts_text} ({share_text(t.size, total)})"
    if t.stance:
        meta += f" · Hållning: {stance_text(t.stance)}"
    if t.keywords:
        meta += f". Nyckelord: {', '.join(t.keywords)}"
    doc.add_paragraph(meta).paragraph_format.keep_with_next = True
    for point in t.points:
        _docx_point(doc, t, point, total)
    if t.remainder:
        doc.add_paragraph(t.remainder)
    shown = {q["submission_id"] for p in t.points for q in p["quotes"]}
    extra = [q for q in t.quotes if q["submission_id"] not in shown]
    if extra:
        doc.add_heading("Citat", level=3)
        for q in extra:
            _docx_quote(doc, q)
    if t.differences:
        doc.add_heading("Skillnader", level=3)
        for note in t.differences:
            doc.add_paragraph(note["text"], style="List Bullet")


def _docx_themes(doc: Any, model: ReportModel) -> None:
    doc.add_heading("2. Det här kom in", level=1)
    if not model.themes:
        doc.add_paragraph("Inga teman har godkänts ännu.")
    _chart(doc, model, "themes")
    for t in model.themes:
        _docx_theme(doc, t, model.total_submissions)
    doc.add_heading("3. Så har synpunkterna beaktats", level=1)
    for t in model.themes:
        doc.add_heading(t.label, level=2)
        doc.add_paragraph(t.response or NO_RESPONSE)


def _docx_planned(doc: Any, model: ReportModel) -> None:
    d = model.dialogue
    doc.add_heading("4. Så planerades dialogen", level=1)
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


def _count_rows(model: ReportModel, dim: str) -> tuple[list[str], list[list[object]]]:
    """Return one dimension's table: counts with both denominators, population share and flag when known."""
    total, known = model.total_submissions, model.counts.known(dim)
    pop = {r["value"]: r for r in model.representativeness if r["dimension"] == dim}
    header = [DIMENSION_NAMES[dim], "Antal", f"Andel av alla {total}"]
    header += [f"Andel av de {known} med {KNOWN[dim]}"] if known < total else []
    header += ["Andel av befolkningen", "Bedömning"] if pop else []
    counts = model.participation.get(dim) or {}
    rows = []
    for value in [*counts, *(v for v in pop if v not in counts)]:
        n = counts.get(value, 0)
        row: list[object] = [month_name(value) if dim == "month" else value, n, pct(n, total)]
        row += [pct(n, known)] if known < total else []
        if pop:
            r = pop.get(value)
            row += [f"{100 * r['population_share']:.0f} %" if r else "–"]
            row += ["Underrepresenterad" if r and r["under_represented"] else "–"]
        rows.append(row)
    if known < total:
        rows.append(["Uppgift saknas", total - known, pct(total - known, total), "–"] + (["–", "–"] if pop else []))
    return header, rows


def _docx_participation(doc: Any, model: ReportModel) -> None:
    doc.add_heading("5. Så genomfördes dialogen: deltagande och representativitet", level=1)
    doc.add_paragraph(
        f"Totalt kom det in {model.total_submissions} synpunkter. Andelarna räknas både av alla synpunkter och "
        "av dem där uppgiften är känd. Siffrorna räknar synpunkter, inte personer."
    )
    if not model.representativeness:
        doc.add_paragraph("Befolkningsuppgifter saknas, så representativiteten kan inte bedömas.")
    for dim in ("channel", "month", "district", "age_group"):
        if not model.participation.get(dim):
            continue
        header, rows = _count_rows(model, dim)
        _table(doc, header, rows, CHART_TITLES[dim])
        caveat = model.counts.caveat(dim)
        if caveat:
            doc.add_paragraph(caveat)
        key = f"representation_{dim}"
        _chart(doc, model, key if key in model.charts else dim)


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
    _docx_overview(doc, model)
    _docx_themes(doc, model)
    _docx_planned(doc, model)
    _docx_participation(doc, model)
    doc.save(str(out_path))
