"""The decision-basis report (redovisning av invånardialog) as one data model.

``build_report`` gathers everything the renderers need, with one section per
part of the policy: planned, carried out, representativeness, what came in,
how it was considered. Only approved and edited themes enter it, only
anonymized text is read, and quotes are re-verified at build time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.dialogues import get_dialogue
from pipeline.errors import ReviewError
from pipeline.report.population import representativeness
from pipeline.review.actions import check_edited_text
from pipeline.review.queries import list_themes
from pipeline.review.state import load_summary, review_row
from pipeline.schema import CHANNEL_NAMES
from pipeline.store import Store
from pipeline.summaries.differences import breakdown
from pipeline.summaries.text import paragraphs
from pipeline.summaries.verify import fetch_texts, verify_content

PUBLIC_SENTENCE_KEYS = ("text", "citations")


@dataclass
class ReportTheme:
    """One approved or edited theme as it enters the decision basis."""

    id: str
    label: str
    status: str
    size: int
    share: float
    keywords: list[str]
    summary: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    differences: list[str]
    response: str | None


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
    charts: dict[str, bytes] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON export (approved and edited themes only)."""
        return {
            "dialogue": self.dialogue,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "total_submissions": self.total_submissions,
            "participation": self.participation,
            "representativeness": self.representativeness,
            "themes": [
                {
                    "id": t.id,
                    "label": t.label,
                    "status": t.status,
                    "size": t.size,
                    "share": t.share,
                    "keywords": t.keywords,
                    "summary": t.summary,
                    "quotes": [{"text": q["text"], "submission_id": q["submission_id"]} for q in t.quotes],
                    "differences": t.differences,
                    "response": t.response,
                }
                for t in self.themes
            ],
        }


def participation(store: Store, dialogue_id: str) -> tuple[int, dict[str, dict[str, int]]]:
    """Count the dialogue's submissions by channel, district, age group and month."""
    rows = store.records(
        "SELECT channel, district, age_group, received_at FROM submissions WHERE dialogue_id = ?", [dialogue_id]
    )
    counts = breakdown(rows)
    counts["channel"] = {CHANNEL_NAMES.get(k, k): v for k, v in counts["channel"].items()}
    return len(rows), counts


def _edited_summary(store: Store, theme_id: str, text: str) -> list[dict[str, Any]]:
    out = []
    for paragraph in paragraphs(text):
        try:
            citations = check_edited_text(store, theme_id, paragraph)
        except ReviewError:  # a quoted submission was erased after the edit: its words must not be shown
            continue
        out.append({"text": paragraph, "citations": citations})
    return out


def _verified_sentences(store: Store, sentences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the sentences whose quotes are still verbatim in a cited submission (erasure drops the rest)."""
    texts = fetch_texts(store, [c for s in sentences for c in s.get("citations") or []])
    return [{k: s[k] for k in PUBLIC_SENTENCE_KEYS} for s in sentences if verify_content([s], [], texts)["ok"]]


def _theme(store: Store, row: dict[str, Any]) -> ReportTheme:
    review = review_row(store, row["theme_id"]) or {}
    summary = load_summary(store, review.get("summary_id")) or {"sentences": [], "quotes": [], "stats": {}}
    if row["status"] == "edited" and review.get("edited_text"):
        sentences = _edited_summary(store, row["theme_id"], review["edited_text"])
    else:
        sentences = _verified_sentences(store, summary["sentences"])
    texts = fetch_texts(store, [q["submission_id"] for q in summary["quotes"]])
    quotes = [
        {"text": q["text"], "submission_id": q["submission_id"], "language": q.get("language") or "sv"}
        for q in summary["quotes"]
        if q["text"] in texts.get(q["submission_id"], "")
    ]
    notes = [d["text"] for d in (summary.get("stats") or {}).get("differences", [])]
    return ReportTheme(
        id=row["theme_id"],
        label=row["label"],
        status=row["status"],
        size=int(row["size"] or 0),
        share=float(row["share"] or 0.0),
        keywords=list(row["keywords"] or []),
        summary=sentences,
        quotes=quotes,
        differences=notes,
        response=review.get("response"),
    )


def build_report(store: Store, dialogue_id: str, *, charts: bool = True) -> ReportModel:
    """Build the decision-basis report for one dialogue.

    Args:
        store: The open store.
        dialogue_id: The dialogue to report on.
        charts: Render the PNG charts (matplotlib) into ``ReportModel.charts``.
    """
    dialogue = get_dialogue(store, dialogue_id).model_dump(mode="json", exclude={"theme_scheme"})
    total, counts = participation(store, dialogue_id)
    all_themes = list_themes(store, dialogue_id)
    published = [t for t in all_themes if t["status"] in ("approved", "edited") and not t["vanished"]]
    model = ReportModel(
        dialogue=dialogue,
        generated_at=datetime.now(UTC).replace(tzinfo=None),
        total_submissions=total,
        participation=counts,
        representativeness=representativeness(store, dialogue_id, counts),
        themes=[_theme(store, row) for row in published],
        pending_themes=sum(1 for t in all_themes if t["status"] == "draft"),
        rejected_themes=sum(1 for t in all_themes if t["status"] == "rejected"),
    )
    if charts:
        from pipeline.report.charts import render_charts

        model.charts = render_charts(model)
    return model
