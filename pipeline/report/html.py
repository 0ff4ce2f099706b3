"""HTML and PDF renderers (Jinja2 templates, WeasyPrint)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.errors import ConfigError
from pipeline.languages import language_name
from pipeline.report.charts import CHART_TITLES
from pipeline.report.overview import MULTI_THEME_NOTE
from pipeline.report.points import point_meta, stance_text
from pipeline.schema import CHANNEL_NAMES
from pipeline.summaries.differences import KNOWN, SMALL_N, month_name, share_text

if TYPE_CHECKING:
    from pipeline.report.model import ReportModel

DIMENSION_NAMES = {"channel": "Kanal", "district": "Stadsdel", "age_group": "Åldersgrupp", "month": "Månad"}
PDF_PACKAGES = (
    "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libglib2.0-0 fonts-dejavu-core"
)


def environment() -> Environment:
    """Return the Jinja2 environment for the report templates (autoescaped)."""
    return Environment(
        loader=PackageLoader("pipeline.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def channel_list(dialogue: dict[str, Any]) -> str:
    """Return the dialogue's channels in Swedish, comma-separated."""
    return ", ".join(CHANNEL_NAMES.get(c, c) for c in dialogue.get("channels") or [])


def pct(n: int, total: int) -> str:
    """Return ``n`` of ``total`` as a whole percentage in Swedish style (``12 %``)."""
    return f"{round(100 * n / total) if total else 0} %"


def template_context(model: ReportModel) -> dict[str, Any]:
    """Return what the HTML template (and the DOCX writer's wording) needs besides the model."""
    return {
        "m": model,
        "d": model.dialogue,
        "o": model.overview,
        "generated": model.generated_at.strftime("%Y-%m-%d %H:%M"),
        "channels": channel_list(model.dialogue),
        "period": period(model.dialogue),
        "charts": {k: base64.b64encode(v).decode("ascii") for k, v in model.charts.items()},
        "titles": CHART_TITLES,
        "dim_names": DIMENSION_NAMES,
        "known_names": KNOWN,
        "small_n": SMALL_N,
        "month_name": month_name,
        "language_name": language_name,
        "point_meta": point_meta,
        "share_text": share_text,
        "stance_text": stance_text,
        "pct": pct,
        "multi_theme_note": MULTI_THEME_NOTE,
    }


def period(dialogue: dict[str, Any]) -> str:
    """Return the dialogue's period in words."""
    start, end = dialogue.get("period_start"), dialogue.get("period_end")
    if start and end:
        return f"{start} – {end}"
    return f"från {start}" if start else f"till {end}" if end else "Ej angiven"


def render_html(model: ReportModel) -> str:
    """Return the report as one self-contained Swedish HTML page (charts embedded as PNG)."""
    return environment().get_template("report.html.j2").render(**template_context(model))


def render_pdf(model: ReportModel, out_path: Path) -> None:
    """Write the report as PDF with WeasyPrint."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise ConfigError(
            f"PDF needs WeasyPrint and its system libraries ({type(exc).__name__}); "
            f"install them with `apt-get install {PDF_PACKAGES}`"
        ) from None
    weasyprint.HTML(string=render_html(model)).write_pdf(str(out_path))
