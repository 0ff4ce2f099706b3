"""Read the review state: theme lists, one theme in full, its submissions and its history."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date, datetime
from typing import Any

from pipeline.errors import NotFoundError
from pipeline.review.actions import theme_row
from pipeline.review.state import PUBLISHED, latest_summary, load_summary, review_row

VANISHED_REASON = (
    "Temat hittades inte vid den senaste omanpassningen; dess synpunkter finns nu i andra teman. "
    "Slå samman det med ett annat tema eller avvisa det."
)


def summary_text(sentences: list[dict[str, Any]]) -> str:
    """Return the generated sentences as one plain text, a paragraph per point.

    The report reads an edited summary paragraph by paragraph (blank lines), so an official
    who deletes or rewrites one point keeps the others as points of their own.
    """
    return "\n\n".join(text for s in sentences if (text := str(s.get("text", "")).strip()))


def summary_diff(generated: str, edited: str) -> list[dict[str, str]]:
    """Return a word-level diff from ``generated`` to ``edited``.

    Returns:
        A list of ``{"op": "equal"|"insert"|"delete", "text": …}`` runs, in order;
        joining the ``equal`` and ``insert`` runs gives the edited text's words.
    """
    old, new = re.findall(r"\S+\s*", generated or ""), re.findall(r"\S+\s*", edited or "")
    ops: list[dict[str, str]] = []
    # words are compared without their whitespace: a point moved to its own paragraph is not a change
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in old], b=[w.strip() for w in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            ops.append({"op": "delete", "text": "".join(old[i1:i2])})
        if tag in ("insert", "replace"):
            ops.append({"op": "insert", "text": "".join(new[j1:j2])})
        if tag == "equal":
            ops.append({"op": "equal", "text": "".join(old[i1:i2])})
    return ops


def list_themes(store: Any, dialogue_id: str, *, include_drafts: bool = True) -> list[dict[str, Any]]:
    """Return the dialogue's themes with officials' decisions applied and their review state.

    Active themes come largest first, then themes that a refit no longer found but
    that officials had decided on (``vanished``, flagged for review, never dropped).
    With ``include_drafts=False`` (readers) only approved and edited active themes
    are returned.
    """
    rows = store.records(
        "SELECT t.id AS theme_id, t.label, t.model_label, t.size, t.share, t.keywords, t.origin, t.split, "
        "t.vanished, coalesce(r.status, 'draft') AS status, "
        "CASE WHEN t.vanished THEN ? ELSE r.needs_rereview END AS needs_rereview, "
        "r.response IS NOT NULL AS has_response, "
        "r.updated_at, r.updated_by, s.verified, s.version AS summary_version "
        "FROM theme_view t LEFT JOIN theme_reviews r ON r.theme_id = t.id "
        "LEFT JOIN (SELECT theme_id, verified, version, row_number() OVER "
        "  (PARTITION BY theme_id ORDER BY version DESC) AS rn FROM theme_summaries) s "
        "  ON s.theme_id = t.id AND s.rn = 1 "
        "WHERE t.dialogue_id = ? AND (t.active OR t.vanished) ORDER BY t.vanished, t.size DESC, t.id",
        [VANISHED_REASON, dialogue_id],
    )
    if not include_drafts:
        rows = [r for r in rows if r["status"] in PUBLISHED and not r["vanished"]]
    return rows


def _summary_view(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    keys = (
        "id",
        "version",
        "method",
        "params",
        "theme_run_id",
        "sentences",
        "quotes",
        "stats",
        "verified",
        "verification",
        "input_fingerprint",
        "created_at",
    )
    return {k: summary.get(k) for k in keys}


def get_theme(store: Any, theme_id: str, *, include_drafts: bool = True) -> dict[str, Any]:
    """Return one theme with its review state, reviewed and latest summary, diff and history.

    With ``include_drafts=False`` (readers) a theme that is not active and approved or
    edited raises ``NotFoundError``, exactly as if it did not exist.
    """
    theme = theme_row(store, theme_id)
    review = review_row(store, theme_id) or {"status": "draft"}
    if theme["vanished"]:
        review = dict(review, needs_rereview=VANISHED_REASON)
    if not include_drafts and (review.get("status") not in PUBLISHED or not theme["active"]):
        raise NotFoundError(f"tema {theme_id!r} finns inte / no theme {theme_id!r}")
    latest = latest_summary(store, theme_id)
    reviewed = load_summary(store, review.get("summary_id")) or latest
    generated = summary_text(reviewed["sentences"]) if reviewed else ""
    edited = review.get("edited_text")
    return {
        "theme": theme,
        "review": review,
        "status": review.get("status", "draft"),
        "summary": _summary_view(reviewed),
        "latest_summary": _summary_view(latest),
        "generated_text": generated,
        "edited_text": edited,
        "diff": summary_diff(generated, edited) if edited else None,
        "history": history(store, theme_id),
    }


def history(store: Any, theme_id: str) -> list[dict[str, Any]]:
    """Return the theme's audit events, oldest first."""
    rows = store.records(
        "SELECT seq, actor, action, occurred_at AS at, before, after FROM review_events "
        "WHERE theme_id = ? ORDER BY seq",
        [theme_id],
    )
    for row in rows:
        for key in ("before", "after"):
            row[key] = json.loads(row[key]) if row[key] else None
    return rows


def theme_submissions(
    store: Any,
    theme_id: str,
    *,
    query: str | None = None,
    district: str | None = None,
    channel: str | None = None,
    date_from: date | datetime | None = None,
    date_to: date | datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Return ``(total, page)`` of a theme's anonymized submissions, filtered and paged.

    Every submission that raises the theme is listed, main-theme members first; ``rank`` is 1
    for the main theme (huvudtema), 2 where the theme is its second and 3 where it is its third
    (issue 13 §5). Only main-theme members can be split out of the theme.
    """
    where: list[str] = ["a.theme_id = ?"]
    params: list[Any] = [theme_id]
    for cond, value in (
        ("s.district = ?", district),
        ("s.channel = ?", channel),
        ("s.received_at >= ?", date_from),
        ("s.received_at < ?", date_to),
    ):
        if value:
            where.append(cond)
            params.append(value)
    if query:
        where.append("contains(lower(s.text), lower(?))")
        params.append(query)
    base = f"FROM submissions s JOIN theme_mentions a ON a.submission_id = s.id WHERE {' AND '.join(where)}"
    total = store.scalar(f"SELECT count(*) {base}", params) or 0
    page = store.records(
        f"SELECT s.id, s.text, s.channel, s.district, s.age_group, s.language, s.received_at, a.rank {base} "
        "ORDER BY a.rank, s.received_at DESC NULLS LAST, s.id LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    )
    return int(total), page
