"""The numbers behind a dialogue's overview page, cached until the store changes.

The page cache is emptied when the store changes (see ``pipeline.web.cache``),
so a review action shows at once, while 50 readers on an unchanged dialogue
share one computation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.dialogues import get_dialogue
from pipeline.report.model import participation
from pipeline.report.population import representativeness
from pipeline.review.queries import list_themes
from pipeline.review.state import PUBLISHED
from pipeline.status import last_scheduled_failure
from pipeline.store import Store
from pipeline.web import charts
from pipeline.web.context import WebContext
from pipeline.web.i18n import translator

TOP_THEMES = 10
LINE_THEMES = 5


def _breakdown(store: Store, dialogue_id: str, column: str) -> dict[str, dict[str, int]]:
    expr = {"month": "strftime(date_trunc('month', s.received_at), '%Y-%m')"}.get(column, f"s.{column}")
    rows = store.fetchall(
        f"SELECT a.theme_id, coalesce({expr}, '?') AS k, count(*) FROM theme_members a "
        "JOIN submissions s ON s.id = a.submission_id WHERE a.dialogue_id = ? GROUP BY ALL",
        [dialogue_id],
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for theme_id, key, n in rows:
        out[theme_id][key] = int(n)
    return out


def _participation(store: Store, dialogue_id: str) -> list[dict[str, Any]]:
    """Participation against population, by the report's own rule for under-representation."""
    _, counts = participation(store, dialogue_id)
    return representativeness(store, dialogue_id, counts)


def _matrix(themes: list[dict[str, Any]], table: dict[str, dict[str, int]]) -> tuple[list[str], list[list[int]]]:
    keys = sorted({k for t in themes for k in table.get(t["theme_id"], {})})
    return keys, [[table.get(t["theme_id"], {}).get(k, 0) for k in keys] for t in themes]


def compute(store: Store, dialogue_id: str, *, include_drafts: bool) -> dict[str, Any]:
    """Return the overview's data: themes, breakdowns, participation and review progress."""
    dialogue = get_dialogue(store, dialogue_id)
    all_themes = list_themes(store, dialogue_id, include_drafts=True)
    themes = all_themes if include_drafts else [t for t in all_themes if t["status"] in PUBLISHED and not t["vanished"]]
    top = themes[:TOP_THEMES]
    months_table = _breakdown(store, dialogue_id, "month")
    months, month_matrix = _matrix(top[:LINE_THEMES], months_table)
    districts, district_matrix = _matrix(top, _breakdown(store, dialogue_id, "district"))
    channels, channel_matrix = _matrix(top, _breakdown(store, dialogue_id, "channel"))
    progress: dict[str, int] = defaultdict(int)
    for t in all_themes:
        progress[t["status"]] += 1
    labels = [t["label"] for t in top]
    return {
        "dialogue": dialogue,
        "themes": themes,
        "top": top,
        "size_rows": [(t["label"], [int(t["size"])]) for t in top],
        "time_rows": list(zip(labels[:LINE_THEMES], month_matrix, strict=False)),
        "district_rows": list(zip(labels, district_matrix, strict=False)),
        "channel_rows": list(zip(labels, channel_matrix, strict=False)),
        "months": months,
        "month_matrix": month_matrix,
        "districts": districts,
        "district_matrix": district_matrix,
        "channels": channels,
        "channel_matrix": channel_matrix,
        "participation": _participation(store, dialogue_id),
        "progress": dict(progress),
        "rereview": sum(1 for t in all_themes if t.get("needs_rereview")),
        "schedule_failure": last_scheduled_failure(store) if include_drafts else None,
    }


def render_charts(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """Return the four SVG charts for ``data`` in ``lang``."""
    t = translator(lang)
    top = data["top"]
    labels = [x["label"] for x in top]
    out: dict[str, Any] = {}
    if top:
        out["size"] = charts.bar_chart(
            "c-size", t("chart.size"), t("chart.size.desc"), [(x["label"], int(x["size"])) for x in top]
        )
    if data["months"]:
        series = list(zip(labels[:LINE_THEMES], data["month_matrix"], strict=False))
        out["time"] = charts.line_chart("c-time", t("chart.time"), t("chart.time.desc"), data["months"], series)
    if data["districts"]:
        out["district"] = charts.heatmap(
            "c-district",
            t("chart.district"),
            t("chart.district.desc"),
            labels,
            data["districts"],
            data["district_matrix"],
        )
    if data["channels"]:
        out["channel_names"] = [t(f"channel.{c}") for c in data["channels"]]
        out["channel"] = charts.heatmap(
            "c-channel",
            t("chart.channel"),
            t("chart.channel.desc"),
            labels,
            out["channel_names"],
            data["channel_matrix"],
        )
    return out


def overview(ctx: WebContext, store: Store, dialogue_id: str, *, include_drafts: bool, lang: str) -> dict[str, Any]:
    """Return the overview data and charts, from the cache while the store is unchanged."""

    def build() -> dict[str, Any]:
        data = compute(store, dialogue_id, include_drafts=include_drafts)
        data["charts"] = render_charts(data, lang)
        return data

    key = ("overview", dialogue_id, include_drafts, lang)
    return ctx.cache.get_or_compute(key, build)
