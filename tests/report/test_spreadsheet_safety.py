"""Issue 12: spreadsheet and CSV exports write user text as text, never as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from pipeline.report import write_report
from pipeline.report.spreadsheet import append_row, csv_text, starts_like_formula
from pipeline.review import approve, rename, respond
from pipeline.summaries import summarize, synthetic

HYPERLINK = '=HYPERLINK("http://x","klicka")'
DDE = "=cmd|' /C calc'!A0"
PAYLOADS = [HYPERLINK, DDE, "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1", "\n=1+1"]
PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"


@pytest.mark.parametrize(
    ("value", "formula_like"),
    [(p, True) for p in PAYLOADS]
    + [("Fler bänkar i Råby", False), ("Råby = bra", False), ("", False), (42, False), (-2, False), (None, False)],
)
def test_one_rule_says_what_looks_like_a_formula(value, formula_like):
    assert starts_like_formula(value) is formula_like


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_are_neutralised(payload):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_text(payload), csv_text("Råby"), csv_text(3)])
    first, second, third = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert first == "'" + payload and second == "Råby" and third == "3"


def test_every_csv_and_xlsx_writer_in_pipeline_uses_the_rule():
    """No CSV export exists today; one added later, and every workbook writer, must use the rule.

    ``pipeline/demo`` is left out: it writes the *inputs* other systems would send (survey and
    SMS exports), which ingest must read as they are.
    """
    writers = {
        "csv_text": re.compile(r"csv\.writer|DictWriter|\.to_csv\(|write_csv|COPY\s.+\sTO\s", re.IGNORECASE),
        "append_row": re.compile(r"\bWorkbook\(\)"),
    }
    offenders = [
        f"{path.relative_to(PIPELINE)} ({rule})"
        for path in PIPELINE.rglob("*.py")
        if "demo" not in path.relative_to(PIPELINE).parts
        for rule, pattern in writers.items()
        if pattern.search(text := path.read_text(encoding="utf-8")) and rule not in text
    ]
    assert offenders == []


def test_append_row_keeps_strings_as_strings(tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    append_row(wb.active, [*PAYLOADS, "vanlig text", 7, 0.5, None])
    wb.save(tmp_path / "t.xlsx")
    cells = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows(min_row=1, max_row=1))[0]
    for cell, payload in zip(cells, PAYLOADS, strict=False):
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", payload, True)
    assert [(c.data_type, c.value) for c in cells[len(PAYLOADS) : len(PAYLOADS) + 3]] == [
        ("s", "vanlig text"),
        ("n", 7),
        ("n", 0.5),
    ]


@pytest.fixture
def formula_dialogue(store, settings):
    """A dialogue whose district, quotes, label and response all start like formulas."""
    comments = synthetic.make_comments(80, 2)
    for comment in comments:
        if comment["theme"] == 0:
            # One sentence without quotation marks, so the summary can quote it whole.
            comment["text"] = f"{DDE} gatlamporna i {comment['district']} lyser inte (synpunkt {comment['id']})"
    comments[0]["district"] = HYPERLINK
    ids = synthetic.load_synthetic(store, "vasteras-demo", comments, 2, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    approve(store, ids[0], actor="anna")
    rename(store, ids[0], "@SUM(A1)", actor="anna")
    respond(store, ids[0], "-2+3 armaturer byts under våren.", actor="anna")
    return ids


def test_formula_payloads_come_out_of_the_xlsx_report_as_strings(store, formula_dialogue, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write_report(store, "vasteras-demo", "xlsx", tmp_path / "r.xlsx"))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    district = [c for c in wb["antal"]["B"] if c.value == HYPERLINK]
    # Quotes, or point labels made from them (the summarizer may drop the quote marks).
    quotes = [c for ws in ("citat", "punkter") for c in wb[ws]["C"] if str(c.value).startswith("=cmd|")]
    labels = [c for c in wb["svar"]["B"] if c.value == "@SUM(A1)"]
    responses = [c for c in wb["svar"]["C"] if c.value == "-2+3 armaturer byts under våren."]
    assert district and quotes and labels and responses
    for cell in district + quotes + labels + responses:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
