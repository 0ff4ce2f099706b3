"""The demo report reads as a decision basis, in every format (issue 13 §7 and §9).

Sammanfattning first, scheme descriptions, shares that name their denominator, small-n
caveats, one workbook row per submission, the JSON keys README.md documents, and a PDF
that reads well on paper. Built once from the store ``lyhord demo`` makes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pdf_layout import layout_problems, read_pdf

from pipeline.report.rows import SUBMISSION_COLUMNS
from pipeline.settings import Settings
from pipeline.store import Store

DEMO = "vasteras-demo"
FORMATS = ("html", "pdf", "docx", "xlsx", "json")
JSON_KEYS = {
    "dialogue",
    "generated_at",
    "total_submissions",
    "overview",
    "known",
    "participation",
    "breakdowns",
    "representativeness",
    "themes",
}
THEME_KEYS = {"id", "label", "description", "status", "size", "share", "share_of_all", "keywords", "summary"}
THEME_KEYS |= {"stance", "remainder", "quotes", "differences", "response"}
THEME_KEYS |= {"size_primary", "counts_text", "share_primary_of_all", "breakdowns"}  # issue 13 §5, §7


@pytest.fixture(scope="module")
def demo_report(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every format of the demo report, its model and the scheme, written once."""
    from pipeline.dialogues import get_dialogue
    from pipeline.report import build_report, write_report

    out = tmp_path_factory.mktemp("demo-report")
    settings = Settings(db_path=demo_store, data_dir=demo_store.parent / "data")
    with Store.open(settings) as store:
        paths = {fmt: write_report(store, DEMO, fmt, out / f"r.{fmt}") for fmt in FORMATS}
        model = build_report(store, DEMO, charts=False)
        scheme = get_dialogue(store, DEMO).theme_scheme or []
        linked = dict(store.fetchall("SELECT id, scheme_id FROM theme_view WHERE dialogue_id = ?", [DEMO]))
    return {"paths": paths, "model": model, "scheme": {e.id: e.description for e in scheme}, "linked": linked}


def _docx_lines(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


def test_sammanfattning_comes_first_and_participation_after_the_content(demo_report):
    html = demo_report["paths"]["html"].read_text(encoding="utf-8")
    order = [html.index(h) for h in ("1. Sammanfattning", "2. Det här kom in", "4. Så planerades", "5. Så genomfördes")]
    assert order == sorted(order)
    docx = _docx_lines(demo_report["paths"]["docx"])
    heads = [next(i for i, line in enumerate(docx) if line.startswith(h)) for h in ("1. Samm", "2. Det", "5. Så")]
    assert heads == sorted(heads)
    from openpyxl import load_workbook

    sheets = load_workbook(demo_report["paths"]["xlsx"]).sheetnames
    assert sheets[0] == "sammanfattning" and "synpunkter" in sheets and "punkter" in sheets
    overview = demo_report["model"].overview
    assert overview["themes"] and overview["missing"] and overview["groups"]  # the demo has all three
    for line in overview["themes"]:  # a top point says how many hold it: on real data it may be one voice
        assert all(re.search(rf"\(\d+ av {line['size']}\)$", claim) for claim in line["claims"]), line["claims"]


def test_theme_content_starts_early_in_the_pdf(demo_report, tmp_path):
    pages = read_pdf(demo_report["paths"]["pdf"], tmp_path)
    first = {
        h: next(p.number for p in pages if any(ln.text.startswith(h) for ln in p.lines))
        for h in (
            "1. Sammanfattning",
            "2. Det här kom in",
            "5. Så genomfördes",
        )
    }
    assert first["1. Sammanfattning"] == 1
    assert first["2. Det här kom in"] <= 6 < first["5. Så genomfördes"]


def test_scheme_descriptions_appear_with_their_themes(demo_report):
    model, scheme, linked = demo_report["model"], demo_report["scheme"], demo_report["linked"]
    described = [t for t in model.themes if linked.get(t.id) in scheme]
    assert described, "the demo's scheme themes should be linked to the scheme"
    html = demo_report["paths"]["html"].read_text(encoding="utf-8")
    docx = "\n".join(_docx_lines(demo_report["paths"]["docx"]))
    data = json.loads(demo_report["paths"]["json"].read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in data["themes"]}
    for theme in described:
        description = scheme[linked[theme.id]]
        assert theme.description == description and by_id[theme.id]["description"] == description
        assert description in docx and _escaped(description) in html


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_every_share_names_its_denominator(demo_report):
    model = demo_report["model"]
    total = model.total_submissions
    for line in model.overview["themes"]:
        assert line["share_text"].endswith(f"av alla {total} synpunkter")
    unknown_district = model.counts.unknown("district")
    assert unknown_district > 0  # the demo leaves district out for about a quarter
    assert any(
        n.startswith(f"Stadsdel saknas för {unknown_district} av {total} synpunkter") for n in model.overview["missing"]
    )
    html = demo_report["paths"]["html"].read_text(encoding="utf-8")
    assert f"Andel av de {model.counts.known('district')} med känd stadsdel" in html
    assert f"Andel av alla {total}" in html
    notes = [d for t in model.themes for d in t.differences]
    assert notes
    for note in notes:
        assert re.search(r"\d+ av temats \d+ (synpunkter )?med (känd|känt)", note["text"]), note["text"]
        assert ("Bygger på bara" in note["text"]) == (note["of"] < 30)


def test_workbook_has_one_row_per_submission(demo_report):
    from openpyxl import load_workbook

    sheet = load_workbook(demo_report["paths"]["xlsx"])["synpunkter"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == SUBMISSION_COLUMNS
    body = [dict(zip(SUBMISSION_COLUMNS, r, strict=True)) for r in rows[1:]]
    model = demo_report["model"]
    assert len(body) == model.total_submissions == len({r["synpunkt-id"] for r in body})
    themed = [r for r in body if r["teman"]]
    assert len(themed) > model.total_submissions // 2
    assert any(r["punkt"] for r in themed)
    assert all(r["språk"] for r in body), "every submission has a stored language after the anonymize stage"


def test_json_has_the_documented_keys(demo_report):
    data = json.loads(demo_report["paths"]["json"].read_text(encoding="utf-8"))
    assert set(data) == JSON_KEYS
    assert set(data["overview"]) == {"themes", "groups", "missing", "languages", "has_stance", "multi_theme"}
    assert set(data["known"]) == {"channel", "district", "age_group", "month"}
    for theme in data["themes"]:
        assert set(theme) == THEME_KEYS
        for point in theme["summary"]:
            assert {"text", "citations", "label", "kind", "position", "n", "quotes"} <= set(point)
            assert all(q["language"] for q in point["quotes"])
        assert all(q["language"] for q in theme["quotes"])
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for key in (*JSON_KEYS, "share_of_all", "stance", "remainder", "description"):
        assert f"`{key}`" in readme, f"README.md does not document the JSON key {key}"


def test_pdf_reads_well_on_paper(demo_report, tmp_path):
    """No heading or caption alone at a page foot, no split row, images on the page, no near-empty page."""
    pages = read_pdf(demo_report["paths"]["pdf"], tmp_path)
    model = demo_report["model"]
    values = [v for dim in ("district", "age_group", "channel") for v in model.participation[dim]]
    values += [t.label for t in model.themes] + ["Uppgift saknas"]
    assert layout_problems(pages, values) == []
    assert sum(len(p.images) for p in pages) >= 5
    districts = tuple(model.participation["district"])
    row = re.compile(rf"^(?:{'|'.join(map(re.escape, districts))}) \d+ ")
    with_rows = [p for p in pages if any(row.match(ln.text) for ln in p.lines)]
    assert len(with_rows) >= 2, "the demo's district table should run over a page break"
    for page in with_rows:  # the header repeats above the rows on every page the table reaches
        first = next(i for i, ln in enumerate(page.lines) if row.match(ln.text))
        assert any(ln.text.startswith("Stadsdel Antal") for ln in page.lines[:first]), page.number


def _print(body: str, tmp_path: Path) -> list:
    """Print ``body`` with the report's own CSS through WeasyPrint and read the PDF's layout back."""
    import weasyprint

    from pipeline.report import html as report_html

    css = (Path(report_html.__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=f"<html lang='sv'><style>{css}</style><body>{body}</body></html>").write_pdf(str(pdf))
    return read_pdf(pdf, tmp_path)


FILLER = "<p>Invånarna i Bäckby och Råby skrev om bussar, belysning och lekplatser under hela perioden.</p>" * 12


def test_a_rows_numbers_without_its_label_are_caught(tmp_path):
    """A real orphan: the page ends with a row's number cells and no label beside them (issue 14)."""
    rows = "".join(f"<tr><td></td><td>{n}</td><td>{n % 9} %</td></tr>" for n in range(10, 90))
    pages = _print(f"<table><tr><th>Stadsdel</th><th>Antal</th><th>Andel</th></tr>{rows}</table>", tmp_path)
    assert len(pages) >= 2
    problems = layout_problems(pages, ["Bäckby", "Råby"])
    assert any("numbers end the page without its label" in p for p in problems), problems


def test_a_date_range_under_its_label_is_not_a_row(tmp_path):
    """The plan's period under its bold 'Period' may end a page (the trial CI run on issue 14 flagged it)."""
    plan = "<dl class='plan'><dt>Kanaler</dt><dd>enkät, e-post</dd><dt>Period</dt><dd>2026-03-01 – 2026-09-30</dd></dl>"
    after = "<h2 style='break-before: page'>5. Så genomfördes dialogen</h2><p>Totalt kom det in 607 synpunkter.</p>"
    pages = _print(FILLER + plan + after, tmp_path)
    assert pages[0].lines[-1].text == "2026-03-01 – 2026-09-30" and pages[0].lines[-2].text == "Period"
    assert layout_problems(pages, ["Bäckby", "Råby"]) == []
