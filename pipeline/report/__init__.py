"""The decision-basis report, the residents' feedback page and data exports."""

from pipeline.report.exports import (
    FORMATS,
    build_feedback_html,
    export_submissions,
    render_json,
    write_report,
)
from pipeline.report.html import render_html, render_pdf
from pipeline.report.model import ReportModel, ReportTheme, build_report
from pipeline.report.office import render_docx
from pipeline.report.population import load_population_csv, representativeness
from pipeline.report.workbook import render_xlsx

__all__ = [
    "FORMATS",
    "ReportModel",
    "ReportTheme",
    "build_feedback_html",
    "build_report",
    "export_submissions",
    "load_population_csv",
    "render_docx",
    "render_html",
    "render_json",
    "render_pdf",
    "render_xlsx",
    "representativeness",
    "write_report",
]
