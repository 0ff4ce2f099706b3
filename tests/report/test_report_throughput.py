"""Issue 14: the report's cost per submission does not grow with the dialogue, and formats share charts."""

from __future__ import annotations

import time
from datetime import datetime

from pipeline.report import charts
from pipeline.report.model import ReportModel, ReportTheme
from pipeline.report.spreadsheet import append_row

ROW = [
    "s-0a1b2c",
    "E-post",
    "Råby",
    "30–39",
    "2026-03",
    "so",
    "Trafik/cykel (huvudtema); Skola",
    "=x",
    "förslag",
    "för",
]


def _append_cpu(rows: int) -> float:
    from openpyxl import Workbook

    best = float("inf")
    for _ in range(2):
        sheet = Workbook().active
        start = time.process_time()
        for i in range(rows):
            append_row(sheet, [f"s-{i:06x}", *ROW[1:]])
        best = min(best, time.process_time() - start)
    return best


def test_appending_rows_costs_the_same_per_row_in_a_big_sheet():
    """Reading each new row back scanned the whole sheet: 20,000 submissions took minutes."""
    small, big = _append_cpu(1500), _append_cpu(6000)
    # Linear work gives about 4-7x here (allocation grows too); the old quadratic loop gave 20x and more.
    assert big < 12 * small, (small, big)


def test_appended_rows_keep_formula_like_text_as_text_in_every_row(tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    for i in range(3):
        append_row(wb.active, [f"s-{i:06x}", '=HYPERLINK("http://x")', i, None, "قال الجيران"])
    wb.save(tmp_path / "t.xlsx")
    rows = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows())
    assert len(rows) == 3
    for i, row in enumerate(rows):
        assert [c.value for c in row] == [f"s-{i:06x}", '=HYPERLINK("http://x")', i, None, "قال الجيران"]
        assert (row[1].data_type, row[1].quotePrefix) == ("s", True)
        assert (row[0].data_type, row[0].quotePrefix) == ("s", False)


def _model(sizes: dict[str, int]) -> ReportModel:
    themes = [
        ReportTheme(
            id=f"vasteras-demo/{label.lower()}",
            label=label,
            status="approved",
            size=size,
            share=0.1,
            keywords=[],
            summary=[],
            quotes=[],
            differences=[],
            response=None,
        )
        for label, size in sizes.items()
    ]
    participation = {
        "channel": {"E-post": 40, "Sms": 12, "Webbformulär": 70},
        "district": {"Råby": 30, "Bäckby": 50, "Hammarby": 42},
        "month": {"2026-02": 60, "2026-03": 62},
    }
    representativeness = [
        {"dimension": "district", "value": "Råby", "share": 0.25, "population_share": 0.1},
        {"dimension": "district", "value": "Bäckby", "share": 0.41, "population_share": 0.5},
    ]
    return ReportModel(
        dialogue={"id": "vasteras-demo"},
        generated_at=datetime(2026, 12, 7),
        total_submissions=122,
        participation=participation,
        representativeness=representativeness,
        themes=themes,
        pending_themes=0,
        rejected_themes=0,
    )


def test_each_chart_is_drawn_once_for_every_format_of_a_report(monkeypatch):
    drawn: list[str] = []

    def counting(draw):
        def wrapper(title, data, **options):
            drawn.append(title)
            return draw(title, data, **options)

        return wrapper

    for name in ("bar_chart", "line_chart", "representation_chart"):
        monkeypatch.setattr(charts, name, counting(getattr(charts, name)))
    monkeypatch.setattr(charts, "_memo", type(charts._memo)())
    first = charts.render_charts(_model({"Trafik": 60, "Skola": 40}))
    assert sorted(first) == ["channel", "district", "month", "representation_district", "themes"]
    assert len(drawn) == 5
    assert charts.render_charts(_model({"Trafik": 60, "Skola": 40})) == first
    assert len(drawn) == 5  # html, pdf, docx and xlsx of one report draw nothing again
    changed = charts.render_charts(_model({"Trafik": 61, "Skola": 40}))
    assert drawn[5:] == [charts.CHART_TITLES["themes"]]  # only the chart whose data changed
    assert changed["themes"] != first["themes"] and changed["channel"] == first["channel"]
