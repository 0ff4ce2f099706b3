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
from pipeline.summaries.differences import Breakdown, count_by_theme
from pipeline.web import charts
from pipeline.web.context import WebContext
from pipeline.web.i18n import translator

TOP_THEMES = 10
LINE_THEMES = 5
UNKNOWN_KEY = "?"  # the column of submissions without a value; the page names it (chart.unknown)


def _breakdowns(store: Store, dialogue_id: str) -> dict[str, Breakdown]:
    """Return each theme's breakdown by :func:`count_by_theme`, counting every submission that raises it."""
    rows = store.records(
        "SELECT m.theme_id, s.channel, s.district, s.age_group, s.received_at FROM theme_mentions m "
        "JOIN submissions s ON s.id = m.submission_id WHERE m.dialogue_id = ?",
        [dialogue_id],
    )
    return count_by_theme(rows)


def _sizes(store: Store, dialogue_id: str, themes: list[dict[str, Any]]) -> None:
    """Add to each theme its size counting every mention and its share of that kind (multi-label)."""
    rows = store.fetchall(
        "SELECT id, size_primary, size_all, share_all FROM theme_view WHERE dialogue_id = ?", [dialogue_id]
    )
    sizes = {r[0]: r[1:] for r in rows}
    for t in themes:
        primary, size_all, share_all = sizes.get(t["theme_id"], (t["size"], t["size"], t["share"]))
        t.update(size_primary=int(primary), size_all=int(size_all), share_all=float(share_all or 0.0))


def _participation(store: Store, dialogue_id: str) -> list[dict[str, Any]]:
    """Participation against population, by the report's own rule for under-representation."""
    _, counts = participation(store, dialogue_id)
    return representativeness(store, dialogue_id, counts)


def _matrix(themes: list[dict[str, Any]], table: dict[str, Breakdown], dim: str) -> tuple[list[str], list[list[int]]]:
    """Return the values of ``dim`` (unknown last, as ``?``) and one row of counts per theme."""
    empty = Breakdown(0, {})
    keys = sorted({k for t in themes for k in table.get(t["theme_id"], empty).counts.get(dim, {})})
    unknown = any(table.get(t["theme_id"], empty).unknown(dim) for t in themes)
    matrix = [
        [table.get(t["theme_id"], empty).counts.get(dim, {}).get(k, 0) for k in keys]
        + ([table.get(t["theme_id"], empty).unknown(dim)] if unknown else [])
        for t in themes
    ]
    return keys + ([UNKNOWN_KEY] if unknown else []), matrix


def compute(store: Store, dialogue_id: str, *, include_drafts: bool) -> dict[str, Any]:
    """Return the overview's data: themes, breakdowns, participation and review progress."""
    dialogue = get_dialogue(store, dialogue_id)
    all_themes = list_themes(store, dialogue_id, include_drafts=True)
    themes = all_themes if include_drafts else [t for t in all_themes if t["status"] in PUBLISHED and not t["vanished"]]
    _sizes(store, dialogue_id, all_themes)
    themes = sorted(themes, key=lambda t: (bool(t["vanished"]), -t["size_all"], -t["size_primary"]))
    top = themes[:TOP_THEMES]
    table = _breakdowns(store, dialogue_id)
    months, month_matrix = _matrix(top[:LINE_THEMES], table, "month")
    months = [m for m in months if m != UNKNOWN_KEY]  # a time line has no place for an unknown date
    month_matrix = [row[: len(months)] for row in month_matrix]
    districts, district_matrix = _matrix(top, table, "district")
    channels, channel_matrix = _matrix(top, table, "channel")
    progress: dict[str, int] = defaultdict(int)
    for t in all_themes:
        progress[t["status"]] += 1
    labels = [t["label"] for t in top]
    return {
        "dialogue": dialogue,
        "themes": themes,
        "top": top,
        "size_rows": [(t["label"], [t["size_all"], t["size_primary"]]) for t in top],
        "multi_theme": any(t["size_all"] > t["size_primary"] for t in themes),
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
            "c-size", t("chart.size"), t("chart.size.desc"), [(x["label"], int(x["size_all"])) for x in top]
        )
    if data["months"]:
        series = list(zip(labels[:LINE_THEMES], data["month_matrix"], strict=False))
        out["time"] = charts.line_chart("c-time", t("chart.time"), t("chart.time.desc"), data["months"], series)
    notes = _single_column_notes(data, t)
    if notes:
        out["notes"] = notes
    if len(data["districts"]) > 1:
        out["district_names"] = [t("chart.unknown") if d == UNKNOWN_KEY else d for d in data["districts"]]
        out["district"] = charts.heatmap(
            "c-district",
            t("chart.district"),
            t("chart.district.desc"),
            labels,
            out["district_names"],
            data["district_matrix"],
        )
    if len(data["channels"]) > 1:
        out["channel_names"] = [t("chart.unknown") if c == UNKNOWN_KEY else t(f"channel.{c}") for c in data["channels"]]
        out["channel"] = charts.heatmap(
            "c-channel",
            t("chart.channel"),
            t("chart.channel.desc"),
            labels,
            out["channel_names"],
            data["channel_matrix"],
        )
    return out


def _single_column_notes(data: dict[str, Any], t: Any) -> list[tuple[str, str]]:
    """Return (heading, sentence) for a breakdown with one column: a chart of one column compares nothing.

    A dialogue without districts (a survey export without the question) or from one
    channel says so in a sentence instead of a heat map whose only column is "okänt".
    """
    notes = []
    if len(data["districts"]) == 1:
        only = data["districts"][0]
        say = t("chart.district.none") if only == UNKNOWN_KEY else t("chart.district.one", name=only)
        notes.append((t("chart.district"), say))
    if len(data["channels"]) == 1 and data["channels"][0] != UNKNOWN_KEY:
        notes.append((t("chart.channel"), t("chart.channel.one", name=t(f"channel.{data['channels'][0]}").lower())))
    return notes


def overview(ctx: WebContext, store: Store, dialogue_id: str, *, include_drafts: bool, lang: str) -> dict[str, Any]:
    """Return the overview data and charts, from the cache while the store is unchanged."""

    def build() -> dict[str, Any]:
        data = compute(store, dialogue_id, include_drafts=include_drafts)
        data["charts"] = render_charts(data, lang)
        return data

    key = ("overview", dialogue_id, include_drafts, lang)
    return ctx.cache.get_or_compute(key, build)
