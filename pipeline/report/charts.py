"""Report charts as PNG bytes (matplotlib, Agg backend), each with a Swedish title and text alternative."""

from __future__ import annotations

import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipeline.summaries.differences import month_name

if TYPE_CHECKING:
    from pipeline.report.model import ReportModel

CHART_TITLES = {
    "channel": "Synpunkter per kanal",
    "district": "Synpunkter per stadsdel",
    "age_group": "Synpunkter per åldersgrupp",
    "month": "Synpunkter över tid (per månad)",
    "themes": "Godkända teman efter antal synpunkter",
    "representation_district": "Andel av synpunkterna och av befolkningen per stadsdel",
    "representation_age_group": "Andel av synpunkterna och av befolkningen per åldersgrupp",
}
_COLOUR = "#1f5f8b"
_COLOUR_2 = "#b5651d"
WIDTH_IN = 7.0  # the A4 text width at 16 mm margins is 7.0 in: a chart is never scaled up
MAX_HEIGHT_IN = 6.0  # 150 mm: room for a caption and a table tail on the same A4 page
# One report is written in up to four formats with charts, each building its model again;
# drawing the same seven charts four times cost ~2 CPU s per format. A chart is a pure
# function of its title and data (Agg's PNG bytes are deterministic), so this process keeps
# the last few (about 50 kB each).
_MEMO_SIZE = 64
_memo: OrderedDict[str, bytes] = OrderedDict()
_memo_lock = threading.Lock()


def _bar_height(n: int, per_bar: float = 0.22) -> float:
    """Return a chart height that fits ``n`` horizontal bars and never runs off an A4 page."""
    return min(MAX_HEIGHT_IN, max(2.6, per_bar * n + 1.2))


def _label_size(n: int) -> float:
    return 8.0 if n <= 20 else 7.0


def _figure(height: float = 3.2) -> tuple[Any, Any]:
    """Make a figure through matplotlib's object API: no pyplot, so no global state.

    Two officials exporting PDFs at the same moment each draw on their own figure.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _png(fig: Any) -> bytes:
    """Save with a tight box, so labels and a legend outside the axes are never cut off."""
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.08)
    return buf.getvalue()


def bar_chart(title: str, counts: dict[str, int], *, horizontal: bool = False) -> bytes:
    """Return a bar chart of ``counts`` as PNG bytes."""
    labels, values = list(counts), list(counts.values())
    fig, ax = _figure(_bar_height(len(labels)) if horizontal else 3.2)
    if horizontal:
        ax.barh(labels[::-1], values[::-1], color=_COLOUR)
        ax.set_xlabel("Antal synpunkter")
        ax.tick_params(axis="y", labelsize=_label_size(len(labels)))
    else:
        ax.bar(labels, values, color=_COLOUR)
        ax.set_ylabel("Antal synpunkter")
        ax.tick_params(axis="x", labelrotation=30 if len(labels) > 5 else 0)
    ax.set_title(title)
    return _png(fig)


def line_chart(title: str, counts: dict[str, int]) -> bytes:
    """Return a line chart over months as PNG bytes."""
    fig, ax = _figure()
    labels = [month_name(m) for m in counts]
    ax.plot(labels, list(counts.values()), marker="o", color=_COLOUR)
    ax.set_ylabel("Antal synpunkter")
    ax.set_title(title)
    ax.tick_params(axis="x", labelrotation=30)
    return _png(fig)


def representation_chart(title: str, rows: list[dict[str, Any]]) -> bytes:
    """Return grouped bars: share of input against share of population per group."""
    import numpy as np

    fig, ax = _figure(_bar_height(len(rows), 0.3))
    labels = [r["value"] for r in rows]
    y = np.arange(len(rows))
    ax.barh(y - 0.2, [100 * r["share"] for r in rows], height=0.4, color=_COLOUR, label="Andel av synpunkterna")
    ax.barh(
        y + 0.2, [100 * r["population_share"] for r in rows], height=0.4, color=_COLOUR_2, label="Andel av befolkningen"
    )
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", labelsize=_label_size(len(rows)))
    ax.invert_yaxis()
    ax.set_xlabel("Procent")
    ax.legend(loc="lower right", ncol=1, fontsize=8, frameon=True)
    ax.set_title(title)
    return _png(fig)


def _memoized(kind: str, draw: Callable[..., bytes], title: str, data: Any, **options: Any) -> bytes:
    """Return ``draw(title, data, **options)``, drawn once per process for the same inputs."""
    key = json.dumps([kind, title, data, options], ensure_ascii=False, default=str)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    png = draw(title, data, **options)
    with _memo_lock:
        _memo[key] = png
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return png


def render_charts(model: ReportModel) -> dict[str, bytes]:
    """Render every chart the report has data for, keyed as in ``CHART_TITLES``."""
    charts: dict[str, bytes] = {}
    for dim in ("channel", "district", "age_group"):
        # One bar (every submission by e-mail, or no district at all) compares nothing; the table says it.
        if len(model.participation.get(dim, {})) > 1:
            counts = model.participation[dim]
            charts[dim] = _memoized("bar", bar_chart, CHART_TITLES[dim], counts, horizontal=dim == "district")
    if len(model.participation.get("month", {})) > 1:
        charts["month"] = _memoized("line", line_chart, CHART_TITLES["month"], model.participation["month"])
    if model.themes:
        sizes = {t.label: t.size for t in model.themes}
        charts["themes"] = _memoized("bar", bar_chart, CHART_TITLES["themes"], sizes, horizontal=True)
    for dim in ("district", "age_group"):
        rows = [r for r in model.representativeness if r["dimension"] == dim]
        if rows:
            key = f"representation_{dim}"
            charts[key] = _memoized("representation", representation_chart, CHART_TITLES[key], rows)
    return charts
