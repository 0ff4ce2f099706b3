"""The decision-basis report (redovisning av invånardialog) as one data model.

``build_report`` gathers everything the renderers need. Renderers show it in this order:
a *Sammanfattning* (themes by size with their top claims, for/against counts, what
under-represented groups raised, missing data), what came in per theme (with the scheme's
description, points, quotes and differences with small-n caveats), how it was
considered, and only then how the dialogue was planned and carried out and who took
part. Only approved and edited themes enter it, only anonymized text is read, and
quotes are re-verified at build time. Breakdowns come from
:func:`pipeline.summaries.differences.count_by`, the one place they are counted.

A submission counts in its primary theme and in the secondary themes it also raises
(the read model's ``theme_mentions``): a theme's ``size`` counts every submission that
raises it, ``size_primary`` those for which it is the main theme, and the texts say both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.dialogues import get_dialogue
from pipeline.errors import ReviewError
from pipeline.report import overview
from pipeline.report.points import FALLBACK_LANGUAGE, POINT_KEYS, remainder_text, stance_counts, to_point
from pipeline.report.population import representativeness
from pipeline.report.rows import submission_rows
from pipeline.review.actions import check_edited_text
from pipeline.review.queries import list_themes
from pipeline.review.state import load_summary, review_row
from pipeline.schema import CHANNEL_NAMES
from pipeline.store import Store
from pipeline.summaries.differences import (
    Breakdown,
    count_by,
    count_by_theme,
    differences,
    mentions_text,
    totals_from,
)
from pipeline.summaries.text import paragraphs
from pipeline.summaries.verify import fetch_texts, verify_content

PUBLIC_SENTENCE_KEYS = POINT_KEYS


@dataclass
class ReportTheme:
    """One approved or edited theme as it enters the decision basis.

    ``summary`` holds the points (see :mod:`pipeline.report.points`); ``differences`` holds
    ``{"text", "small_n", …}`` notes recomputed from the theme's current members. ``size``
    counts every submission that raises the theme, ``size_primary`` those with it as main theme.
    """

    id: str
    label: str
    status: str
    size: int
    share: float
    keywords: list[str]
    summary: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    differences: list[dict[str, Any]]
    response: str | None
    description: str | None = None
    remainder: str | None = None
    size_primary: int = 0
    breakdown: Breakdown = field(default_factory=lambda: Breakdown(0, {}))

    @property
    def counts_text(self) -> str:
        """The theme's count in both senses, in Swedish."""
        return mentions_text(self.size, self.size_primary)

    @property
    def points(self) -> list[dict[str, Any]]:
        """The summary's points (an alias that reads better in renderers)."""
        return self.summary

    @property
    def stance(self) -> dict[str, int] | None:
        """Submissions for, against and unclear, summed over points (None without positions)."""
        return stance_counts(self.summary)


@dataclass
class ReportModel:
    """Everything a report renderer needs; no raw text and nothing unapproved."""

    dialogue: dict[str, Any]
    generated_at: datetime
    total_submissions: int
    participation: dict[str, dict[str, int]]
    representativeness: list[dict[str, Any]]
    themes: list[ReportTheme]
    pending_themes: int
    rejected_themes: int
    counts: Breakdown = field(default_factory=lambda: Breakdown(0, {}))
    overview: dict[str, Any] = field(default_factory=dict)
    submissions: list[dict[str, Any]] = field(default_factory=list)
    charts: dict[str, bytes] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON export (approved and edited themes only; schema in README.md)."""
        return {
            "dialogue": self.dialogue,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "total_submissions": self.total_submissions,
            "overview": self.overview,
            "known": {dim: self.counts.known(dim) for dim in self.participation},
            "participation": self.participation,
            "breakdowns": self.counts.to_json(),
            "representativeness": self.representativeness,
            "themes": [_theme_json(t, self.total_submissions) for t in self.themes],
        }


def _theme_json(t: ReportTheme, total: int) -> dict[str, Any]:
    return {
        "id": t.id,
        "label": t.label,
        "description": t.description,
        "status": t.status,
        "size": t.size,
        "size_primary": t.size_primary,
        "counts_text": t.counts_text,
        "share": t.share,
        "share_of_all": round(t.size / total, 4) if total else 0.0,
        "share_primary_of_all": round(t.size_primary / total, 4) if total else 0.0,
        "keywords": t.keywords,
        "summary": t.summary,
        "stance": t.stance,
        "remainder": t.remainder,
        "quotes": [{k: q[k] for k in ("text", "submission_id", "language")} for q in t.quotes],
        "differences": t.differences,
        "breakdowns": t.breakdown.to_json(),
        "response": t.response,
    }


def participation(store: Store, dialogue_id: str) -> tuple[int, dict[str, dict[str, int]]]:
    """Count the dialogue's submissions by channel, district, age group and month (channels in Swedish)."""
    rows = store.records(
        "SELECT channel, district, age_group, received_at FROM submissions WHERE dialogue_id = ?", [dialogue_id]
    )
    counts = _swedish_channels(count_by(rows))
    return counts.total, counts.counts


def _swedish_channels(counts: Breakdown) -> Breakdown:
    named = dict(counts.counts)
    named["channel"] = {CHANNEL_NAMES.get(k, k): v for k, v in counts.counts.get("channel", {}).items()}
    return Breakdown(counts.total, named)


def _edited_summary(store: Store, theme_id: str, text: str) -> list[dict[str, Any]]:
    out = []
    for paragraph in paragraphs(text):
        try:
            citations = check_edited_text(store, theme_id, paragraph)
        except ReviewError:  # a quoted submission was erased after the edit: its words must not be shown
            continue
        out.append({"text": paragraph, "citations": citations})
    return out


def _verified_points(store: Store, sentences: list[dict[str, Any]], size: int, total: int) -> list[dict[str, Any]]:
    """Keep the points whose quotes are still verbatim in a cited submission (erasure drops the rest)."""
    ids = [c for s in sentences for c in s.get("citations") or []]
    ids += [q.get("submission_id") for s in sentences for q in s.get("quotes") or [] if q.get("submission_id")]
    texts = fetch_texts(store, ids)
    return [to_point(s, texts, size, total) for s in sentences if verify_content([s], [], texts)["ok"]]


def _theme(store: Store, row: dict[str, Any], total: int, descriptions: dict[str, str]) -> ReportTheme:
    review = review_row(store, row["theme_id"]) or {}
    summary = load_summary(store, review.get("summary_id")) or {"sentences": [], "quotes": [], "stats": {}}
    size = int(row["size_all"] or 0)
    if row["status"] == "edited" and review.get("edited_text"):
        sentences = _edited_summary(store, row["theme_id"], review["edited_text"])
        points = [to_point(s, {}, size, total) for s in sentences]
    else:
        points = _verified_points(store, summary["sentences"], size, total)
    texts = fetch_texts(store, [q["submission_id"] for q in summary["quotes"]])
    quotes = [
        {"text": q["text"], "submission_id": q["submission_id"], "language": q.get("language")}
        for q in summary["quotes"]
        if q["text"] in texts.get(q["submission_id"], "")
    ]
    _fill_languages(store, [q for p in points for q in p["quotes"]] + quotes)
    return ReportTheme(
        id=row["theme_id"],
        label=row["label"],
        status=row["status"],
        size=size,
        size_primary=int(row["size_primary"] or 0),
        share=float(row["share_all"] or 0.0),
        keywords=list(row["keywords"] or []),
        summary=points,
        quotes=quotes,
        differences=[],
        response=review.get("response"),
        description=descriptions.get(row["theme_id"]),
        remainder=remainder_text((summary.get("stats") or {}).get("remainder"), size),
    )


def _fill_languages(store: Store, quotes: list[dict[str, Any]]) -> None:
    """Give every quote the stored language of its submission when the summary did not carry one."""
    missing = sorted({q["submission_id"] for q in quotes if not q.get("language")})
    if not missing:
        return
    found = dict(store.fetchall("SELECT id, language FROM submissions WHERE list_contains(?, id)", [missing]))
    for q in quotes:
        q["language"] = q.get("language") or found.get(q["submission_id"]) or FALLBACK_LANGUAGE


def scheme_descriptions(store: Store, dialogue: dict[str, Any], dialogue_id: str) -> dict[str, str]:
    """Return each theme's description from the dialogue's theme scheme (``themes.scheme_id``)."""
    scheme = {e["id"]: e.get("description") for e in dialogue.get("theme_scheme") or [] if e.get("description")}
    rows = store.fetchall(
        "SELECT id, scheme_id FROM theme_view WHERE dialogue_id = ? AND scheme_id IS NOT NULL", [dialogue_id]
    )
    return {theme_id: scheme[sid] for theme_id, sid in rows if sid in scheme}


def _add_differences(themes: list[ReportTheme], members: list[dict[str, Any]], everyone: list[dict[str, Any]]) -> None:
    """Recompute each theme's breakdown and differences from every submission raising it, against all."""
    totals = totals_from(everyone)
    by_theme: dict[str, list[dict[str, Any]]] = {t.id: [] for t in themes}
    for m in members:
        if m["theme_id"] in by_theme:
            by_theme[m["theme_id"]].append(m)
    breakdowns = count_by_theme(members)
    for t in themes:
        _, notes = differences(by_theme[t.id], totals)
        t.differences = notes
        t.breakdown = _swedish_channels(breakdowns.get(t.id, Breakdown(0, {})))


def _with_sizes(store: Store, dialogue_id: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add each theme's sizes and shares of both kinds (every mention, main theme only) from ``theme_view``."""
    found = {
        r["id"]: r
        for r in store.records(
            "SELECT id, size_primary, size_all, share_primary, share_all FROM theme_view WHERE dialogue_id = ?",
            [dialogue_id],
        )
    }
    empty = {"size_primary": 0, "size_all": 0, "share_primary": 0.0, "share_all": 0.0}
    return [dict(row, **{k: v for k, v in found.get(row["theme_id"], empty).items() if k != "id"}) for row in rows]


def build_report(store: Store, dialogue_id: str, *, charts: bool = True) -> ReportModel:
    """Build the decision-basis report for one dialogue.

    Args:
        store: The open store.
        dialogue_id: The dialogue to report on.
        charts: Render the PNG charts (matplotlib) into ``ReportModel.charts``.
    """
    dialogue = get_dialogue(store, dialogue_id).model_dump(mode="json")
    descriptions = scheme_descriptions(store, dialogue, dialogue_id)
    dialogue.pop("theme_scheme", None)
    rows = overview.member_rows(store, dialogue_id)
    everyone = list({r["id"]: r for r in rows}.values())
    counts = _swedish_channels(count_by(everyone))
    all_themes = list_themes(store, dialogue_id)
    published = [t for t in all_themes if t["status"] in ("approved", "edited") and not t["vanished"]]
    themes = [_theme(store, row, counts.total, descriptions) for row in _with_sizes(store, dialogue_id, published)]
    themes.sort(key=lambda t: (-t.size, -t.size_primary, t.id))
    _add_differences(themes, [r for r in rows if r["theme_id"]], everyone)
    model = ReportModel(
        dialogue=dialogue,
        generated_at=datetime.now(UTC).replace(tzinfo=None),
        total_submissions=counts.total,
        participation=counts.counts,
        representativeness=representativeness(store, dialogue_id, counts.counts),
        themes=themes,
        pending_themes=sum(1 for t in all_themes if t["status"] == "draft"),
        rejected_themes=sum(1 for t in all_themes if t["status"] == "rejected"),
        counts=counts,
    )
    model.overview = _overview(store, dialogue_id, model, rows)
    model.submissions = submission_rows(rows, themes)
    if charts:
        from pipeline.report.charts import render_charts

        model.charts = render_charts(model)
    return model


def _overview(store: Store, dialogue_id: str, model: ReportModel, rows: list[dict[str, Any]]) -> dict[str, Any]:
    published = {t.id for t in model.themes}
    themed = {r["id"] for r in rows if r["theme_id"] in published}
    languages = overview.language_counts(store, dialogue_id)
    return {
        "themes": overview.theme_lines(model.themes, model.total_submissions),
        "groups": overview.group_voices(model.representativeness, [r for r in rows if r["theme_id"]], model.themes),
        "missing": overview.missing_notes(model.counts, languages, model.total_submissions - len(themed)),
        "languages": languages,
        "has_stance": any(t.stance for t in model.themes),
        "multi_theme": sum(t.size for t in model.themes) > len(themed),
    }
