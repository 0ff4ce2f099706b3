"""Inline SVG charts: bars, lines and heat maps with a title and description for screen readers.

The SVG uses presentation attributes only (no ``style``), so a strict CSP allows
it. Every chart on a page sits beside a data table with the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

# Dark enough for 3:1 against white (WCAG 1.4.11), distinguishable for common colour blindness.
PALETTE = ("#1f4e79", "#b8430b", "#1a7a4c", "#6a3d9a", "#7a5c00", "#a3195b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
TEXT = "#1a1a1a"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _luminance(rgb: tuple[int, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    chans = [c / 255 for c in rgb]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _clip(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _frame(uid: str, title: str, desc: str, width: int, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart" {FONT}>'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(uid: str, title: str, desc: str, items: Sequence[tuple[str, int]], width: int = 680) -> Markup:
    """Return a horizontal bar chart of ``(label, value)`` pairs."""
    label_w, bar_h, gap, top = 250, 22, 8, 10
    height = top + len(items) * (bar_h + gap) + 10
    peak = max((v for _, v in items), default=0) or 1
    span = width - label_w - 70
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = max(1, round(span * value / peak))
        body.append(
            f"<g><title>{escape(label)}: {value}</title>"
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f"{escape(_clip(label))}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13" fill="{TEXT}">{value}</text></g>'
        )
    return _frame(uid, title, desc, width, height, body)


def line_chart(
    uid: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    width: int = 680,
    height: int = 300,
) -> Markup:
    """Return a line chart with one line (colour and dash pattern) per series and a legend."""
    left, right, top, bottom = 50, 40, 15, 40
    legend_h = 20 * len(series)
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((max(v, default=0) for _, v in series), default=0) or 1
    n = max(len(x_labels) - 1, 1)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{TEXT}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{TEXT}"/>',
    ]
    for frac in (0.5, 1.0):
        y = top + plot_h - plot_h * frac
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#767676" '
            f'stroke-dasharray="2 4"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="{TEXT}">{round(peak * frac)}</text>'
        )
    step = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % step == 0:
            x = left + plot_w * i / n
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12" '
                f'fill="{TEXT}">{escape(label)}</text>'
            )
    for k, (name, values) in enumerate(series):
        colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        points = " ".join(
            f"{left + plot_w * i / n:.1f},{top + plot_h - plot_h * v / peak:.1f}" for i, v in enumerate(values)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}>'
            f"<title>{escape(name)}</title></polyline>"
        )
        ly = height + 20 * k
        body.append(
            f'<line x1="{left}" y1="{ly}" x2="{left + 30}" y2="{ly}" stroke="{colour}" stroke-width="2.5"'
            f'{dash_attr}/><text x="{left + 38}" y="{ly + 4}" font-size="13" fill="{TEXT}">'
            f"{escape(_clip(name, 60))}</text>"
        )
    return _frame(uid, title, desc, width, height + legend_h + 5, body)


def heatmap(
    uid: str,
    title: str,
    desc: str,
    rows: Sequence[str],
    cols: Sequence[str],
    matrix: Sequence[Sequence[int]],
    width: int = 680,
) -> Markup:
    """Return a grid with one shaded, labelled cell per (row, column) count.

    Every name is readable: with more columns than fit the width (40 districts), the grid
    is turned so they become rows, and column names that do not fit their cell are
    written at a slant rather than cut to a few letters.
    """
    label_w, cell_h, min_cell = 220, 26, 40
    if len(cols) > len(rows) and label_w + min_cell * len(cols) > width:
        rows, cols = cols, rows
        matrix = [list(column) for column in zip(*matrix, strict=True)] if matrix else []
    cell_w = max(min_cell, (width - label_w) // max(len(cols), 1))
    fits = max((len(col) for col in cols), default=0) <= cell_w // 8
    slant_chars = min(30, max((len(col) for col in cols), default=0))
    head_h = 34 if fits else 16 + round(7.2 * slant_chars * 0.77)  # sin 50° of the longest name
    width = label_w + cell_w * len(cols) + (0 if fits else round(7.2 * slant_chars * 0.64))  # cos 50°
    height = head_h + cell_h * len(rows) + 4
    peak = max((max(r, default=0) for r in matrix), default=0) or 1
    body = []
    for j, col in enumerate(cols):
        x = label_w + cell_w * j + cell_w / 2
        if fits:
            body.append(
                f'<text x="{x:.1f}" y="{head_h - 10}" text-anchor="middle" font-size="12" fill="{TEXT}">'
                f"{escape(col)}<title>{escape(col)}</title></text>"
            )
        else:
            y = head_h - 8
            body.append(
                f'<text x="{x:.1f}" y="{y}" transform="rotate(-50 {x:.1f} {y})" text-anchor="start" '
                f'font-size="12" fill="{TEXT}">{escape(_clip(col, 30))}<title>{escape(col)}</title></text>'
            )
    for i, row in enumerate(rows):
        y = head_h + cell_h * i
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="12" fill="{TEXT}">'
            f"{escape(_clip(row, 30))}<title>{escape(row)}</title></text>"
        )
        for j, value in enumerate(matrix[i]):
            level = value / peak
            # Blend from white to the first palette colour; dark cells get white numbers.
            shade = tuple(round(255 - (255 - c) * level) for c in (0x1F, 0x4E, 0x79))
            fill = "#{:02x}{:02x}{:02x}".format(*shade)
            ink = "#ffffff" if _luminance(shade) < 0.18 else TEXT
            x = label_w + cell_w * j
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}" '
                f'stroke="#767676" stroke-width="0.5"/><text x="{x + cell_w / 2 - 1:.1f}" y="{y + 17}" '
                f'text-anchor="middle" font-size="12" fill="{ink}">{value}</text>'
            )
    return _frame(uid, title, desc, width, height, body)
