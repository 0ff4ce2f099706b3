"""Read a PDF's text lines and image boxes (poppler's ``pdftohtml -xml``) and list print problems.

Imported by name from the report tests. The problems an official sees on paper:
a heading, caption or table header alone at the foot of a page; a table row whose
cell text is split across two pages, or whose numbers end a page while its label
cell does not; an image that runs past the page; and a near-empty page in the
middle of the report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

FOOTER = re.compile(r"^Sida \d+ av \d+$")
NUMBERS_ONLY = re.compile(r"[\d\s%–,.-]+")
MIN_FILL = 0.35  # a page other than the last is filled at least this far down
# A row's number cells stand right of its label column; a numbers-only line at the page's left edge is body text
# (the plan's "Period" value "2026-03-01 – 2026-09-30" under its bold label, issue 14), not a row.
LABEL_COLUMN = 40.0


@dataclass
class Line:
    """Text elements that share a baseline on one page."""

    top: float
    bottom: float
    left: float = float("inf")
    texts: list[str] = field(default_factory=list)
    emphasised: list[bool] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    @property
    def heading_like(self) -> bool:
        """Every part bold or larger than body text: a heading, caption, table header or point label."""
        return bool(self.emphasised) and all(self.emphasised)


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line]
    images: list[tuple[float, float, float, float]]  # top, left, width, height

    @property
    def text_left(self) -> float:
        """Where the page's text starts (its left margin, or a table's label column)."""
        return min((ln.left for ln in self.lines), default=0.0)

    @property
    def content_bottom(self) -> float:
        bottoms = [ln.bottom for ln in self.lines] + [t + h for t, _, _, h in self.images]
        return max(bottoms, default=0.0)


def read_pdf(pdf: Path, workdir: Path) -> list[Page]:
    """Return the pages of ``pdf`` with text lines (footer removed) and image boxes."""
    if not shutil.which("pdftohtml"):
        import pytest

        pytest.skip("needs pdftohtml (poppler-utils) to read the PDF's layout")
    out = workdir / "layout"
    subprocess.run(["pdftohtml", "-xml", "-q", "-nodrm", str(pdf), str(out)], check=True, capture_output=True)
    root = ET.parse(f"{out}.xml").getroot()
    fonts = {f.get("id"): f for f in root.iter("fontspec")}
    body = _body_size(root, fonts)
    return [_page(p, fonts, body) for p in root.iter("page")]


def _body_size(root: ET.Element, fonts: dict) -> float:
    sizes: dict[float, int] = {}
    for t in root.iter("text"):
        size = float(fonts[t.get("font")].get("size"))
        sizes[size] = sizes.get(size, 0) + len("".join(t.itertext()))
    return max(sizes, key=lambda s: sizes[s]) if sizes else 0.0


def _page(p: ET.Element, fonts: dict, body: float) -> Page:
    lines: list[Line] = []
    for t in sorted(p.iter("text"), key=lambda t: (float(t.get("top")), float(t.get("left")))):
        text = "".join(t.itertext()).strip()
        if not text:
            continue
        top, height = float(t.get("top")), float(t.get("height"))
        font = fonts[t.get("font")]
        strong = t.find("b") is not None or "bold" in (font.get("family") or "").lower()
        emphasised = strong or float(font.get("size")) > body + 0.5
        if lines and abs(lines[-1].top - top) < 3:
            line = lines[-1]
        else:
            line = Line(top, top + height)
            lines.append(line)
        line.bottom = max(line.bottom, top + height)
        line.left = min(line.left, float(t.get("left")))
        line.texts.append(text)
        line.emphasised.append(emphasised)
    lines = [ln for ln in lines if not FOOTER.match(ln.text)]
    images = [tuple(float(i.get(k)) for k in ("top", "left", "width", "height")) for i in p.iter("image")]
    return Page(int(p.get("number")), float(p.get("height")), float(p.get("width")), lines, images)  # type: ignore[arg-type]


def layout_problems(pages: list[Page], cell_values: list[str]) -> list[str]:
    """Return every print problem found, one line each (empty when the PDF reads well on paper)."""
    problems = []
    for page in pages:
        for top, left, width, height in page.images:
            if top < 0 or left < 0 or top + height > page.height + 1 or left + width > page.width + 1:
                problems.append(f"page {page.number}: an image runs off the page ({top:.0f}+{height:.0f})")
    for page in pages[:-1]:
        if not page.lines:
            problems.append(f"page {page.number}: no text")
            continue
        last = page.lines[-1]
        if last.heading_like:
            problems.append(f"page {page.number}: ends with a heading, caption or header: {last.text[:60]!r}")
        if page.content_bottom < MIN_FILL * page.height:
            problems.append(f"page {page.number}: nearly empty ({page.content_bottom / page.height:.0%} filled)")
        if _orphan_numbers(last, page) and not any(last.text.startswith(v) for v in cell_values):
            problems.append(f"page {page.number}: a table row's numbers end the page without its label: {last.text!r}")
        for value in (v for v in cell_values if " " in v):
            words = value.split()
            for k in range(1, len(words)):
                if last.text.endswith(" ".join(words[:k])) and not last.text.endswith(value):
                    head = pages[page.number].lines if page.number < len(pages) else []
                    if any(ln.text.startswith(" ".join(words[k:])) for ln in head[:4]):
                        problems.append(f"page {page.number}: the table row {value!r} is split across pages")
    return problems


def _orphan_numbers(line: Line, page: Page) -> bool:
    """Numbers only, starting right of where the page's text starts: a row's cells without its label."""
    return bool(NUMBERS_ONLY.fullmatch(line.text)) and line.left > page.text_left + LABEL_COLUMN
