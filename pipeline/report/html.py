"""HTML and PDF renderers (Jinja2 templates, WeasyPrint)."""

from __future__ import annotations

import base64
import logging
import re
import unicodedata
from collections.abc import Callable
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


UNPRINTABLE = "[skrift som PDF-filen inte kan visa; se rapporten som HTML]"
_NOTDEF = re.compile(r'unsupported by fonts: "(.*)"', re.DOTALL)


def printable(missing: frozenset[str]) -> Callable[[str], str]:
    """Return a text filter for the PDF that never prints a glyph the fonts lack as an empty box.

    Symbols the fonts lack (emoji such as 🙌) are left out; a run of letters in a script they
    lack (Tigrinya's Ethiopic) is replaced by a note that says so. The HTML report, the web
    app and the data keep the resident's words as written.
    """
    letters = "".join(sorted(re.escape(ch) for ch in missing if not unicodedata.category(ch).startswith("S")))
    symbols = {ch for ch in missing if unicodedata.category(ch).startswith("S")}
    run = re.compile(rf"[{letters}](?:[\s\W]*[{letters}])*") if letters else None

    def clean(text: Any) -> Any:
        if not isinstance(text, str) or not missing.intersection(text):
            return text
        kept = "".join(ch for ch in text if ch not in symbols and ch != "\ufe0f")
        kept = run.sub(UNPRINTABLE, kept) if run else kept
        return re.sub(r"\s{2,}", " ", kept).strip()

    return clean


def render_html(model: ReportModel, *, clean: Callable[[Any], Any] | None = None) -> str:
    """Return the report as one self-contained Swedish HTML page (charts embedded as PNG).

    ``clean`` filters residents' words on their way into the page (the PDF's :func:`printable`).
    """
    env = environment()
    env.filters["printable"] = clean or (lambda text: text)
    return env.get_template("report.html.j2").render(**template_context(model))


class _MissingGlyphs(logging.Filter):
    """Collect the characters WeasyPrint could not draw, and keep them (resident text) out of the logs."""

    def __init__(self) -> None:
        super().__init__()
        self.chars: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        found = _NOTDEF.search(record.getMessage())
        if found:
            self.chars.update(found.group(1))
            return False
        return True


def render_pdf(model: ReportModel, out_path: Path) -> None:
    """Write the report as PDF with WeasyPrint."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise ConfigError(
            f"PDF needs WeasyPrint and its system libraries ({type(exc).__name__}); "
            f"install them with `apt-get install {PDF_PACKAGES}`"
        ) from None
    logger = logging.getLogger("weasyprint")
    missing = _MissingGlyphs()
    logger.addFilter(missing)
    try:
        weasyprint.HTML(string=render_html(model)).write_pdf(str(out_path))
        if missing.chars:  # drawn as empty boxes: draw again, saying so instead
            clean = printable(frozenset(missing.chars))
            weasyprint.HTML(string=render_html(model, clean=clean)).write_pdf(str(out_path))
    finally:
        logger.removeFilter(missing)
