"""Review state per theme, and the rule that flags a changed theme for another review."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pipeline.review.audit import append_event
from pipeline.store import Store
from pipeline.summaries.verify import verify_summary

SYSTEM_ACTOR = "system"
MATERIAL_SIZE_CHANGE = 0.20  # a theme that grows or shrinks by more than this is flagged for review
MIN_REP_OVERLAP = 0.5  # fewer old representatives than this share still cited: material change
STATES = ("draft", "approved", "edited", "rejected")
PUBLISHED = ("approved", "edited")
REVIEW_FIELDS = ("status", "summary_id", "edited_text", "reason", "response", "needs_rereview")
_JSON_COLUMNS = ("params", "sentences", "quotes", "stats", "verification")


def now() -> datetime:
    """Return the current UTC time without tzinfo (DuckDB TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _parse(row: dict[str, Any]) -> dict[str, Any]:
    for col in _JSON_COLUMNS:
        if isinstance(row.get(col), str):
            row[col] = json.loads(row[col])
    return row


def load_summary(store: Store, summary_id: str | None) -> dict[str, Any] | None:
    """Return one stored summary with its JSON columns parsed, or None."""
    if summary_id is None:
        return None
    rows = store.records("SELECT * FROM theme_summaries WHERE id = ?", [summary_id])
    return _parse(rows[0]) if rows else None


def latest_summary(store: Store, theme_id: str) -> dict[str, Any] | None:
    """Return the newest summary version of a theme, or None."""
    rows = store.records("SELECT * FROM theme_summaries WHERE theme_id = ? ORDER BY version DESC LIMIT 1", [theme_id])
    return _parse(rows[0]) if rows else None


def review_row(store: Store, theme_id: str) -> dict[str, Any] | None:
    """Return the theme's ``theme_reviews`` row, or None before its first summary."""
    rows = store.records("SELECT * FROM theme_reviews WHERE theme_id = ?", [theme_id])
    return rows[0] if rows else None


def snapshot(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return the review fields that audit events record as before/after."""
    return None if row is None else {k: row.get(k) for k in REVIEW_FIELDS}


def _cited(summary: dict[str, Any]) -> set[str]:
    return {c for s in summary["sentences"] for c in s.get("citations") or []}


def _same_method(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Say whether two summary versions were made the same way (method and its revision)."""

    def revision(summary: dict[str, Any]) -> Any:
        return (summary.get("params") or {}).get("revision")  # load_summary has parsed the JSON

    return old.get("method") == new.get("method") and revision(old) == revision(new)


def material_change(store: Store, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Return a Swedish reason when ``new`` differs materially from the reviewed ``old``."""
    old_n, new_n = old["stats"].get("count", 0), new["stats"].get("count", 0)
    change = (new_n - old_n) / max(old_n, 1)
    if abs(change) > MATERIAL_SIZE_CHANGE:
        return (
            f"Temat har ändrats: antalet synpunkter gick från {old_n} till {new_n} "
            f"({change:+.0%}). Granska sammanfattningen igen."
        )
    old_reps = set(old["stats"].get("representative_ids") or [])
    # A new way of summarising (an upgrade's revision, an LLM switched on) picks other statements
    # from the same submissions: that is not the theme changing, and officials are not asked again.
    if _same_method(old, new) and old_reps and len(old_reps & _cited(new)) / len(old_reps) < MIN_REP_OVERLAP:
        return "Temat har fått andra representativa synpunkter. Granska sammanfattningen igen."
    if not verify_summary(store, old["sentences"], old["quotes"])["ok"]:
        return "Synpunkter som den granskade sammanfattningen citerar har tagits bort eller ändrats."
    return None


def _rereview(store: Store, row: dict[str, Any], reason: str, status: str) -> None:
    """Set ``needs_rereview`` (and ``status``) on a review row and log it as a system ``rereview`` event."""
    before = snapshot(row)
    store.execute(
        "UPDATE theme_reviews SET status = ?, needs_rereview = ?, updated_at = ?, updated_by = ? WHERE theme_id = ?",
        [status, reason, now(), SYSTEM_ACTOR, row["theme_id"]],
    )
    append_event(
        store,
        actor=SYSTEM_ACTOR,
        action="rereview",
        dialogue_id=row["dialogue_id"],
        theme_id=row["theme_id"],
        before=before,
        after=dict(before or {}, status=status, needs_rereview=reason),
    )


def _flag(store: Store, row: dict[str, Any], reason: str) -> None:
    """Mark a decided theme for another look; the decision itself stays as the official made it."""
    if row.get("needs_rereview") != reason:
        _rereview(store, row, reason, row["status"])


def attach_summary(store: Store, theme: dict[str, Any], summary_id: str) -> bool:
    """Attach a new summary version to the theme's review; call inside a transaction.

    A draft simply moves to the new version. A decided theme (approved, edited or
    rejected) keeps its decision and the summary version it was made on: officials'
    decisions are final, and no machine run undoes them. When the theme changed
    materially since, it is flagged (``needs_rereview``) with the reason, so an
    official can look again and approve the new version.

    Returns:
        True when the theme was flagged for review.
    """
    row = review_row(store, theme["id"])
    if row is None:
        store.execute(
            "INSERT INTO theme_reviews (theme_id, dialogue_id, status, summary_id, updated_at, updated_by) "
            "VALUES (?, ?, 'draft', ?, ?, ?)",
            [theme["id"], theme["dialogue_id"], summary_id, now(), SYSTEM_ACTOR],
        )
        return False
    if row["status"] == "draft":
        store.execute("UPDATE theme_reviews SET summary_id = ? WHERE theme_id = ?", [summary_id, theme["id"]])
        return False
    old = load_summary(store, row["summary_id"])
    new = load_summary(store, summary_id)
    reason = "Den granskade sammanfattningen saknas." if old is None else material_change(store, old, new or {})
    if reason is None:
        return False
    _flag(store, row, reason)
    return True


def send_back(store: Store, theme_id: str, reason: str) -> None:
    """Return a theme to draft with ``reason`` after an official merged or split it; inside a transaction.

    Only officials' own restructuring calls this: the content they decided on changed
    by their hand. Machine runs only flag (see :func:`attach_summary`).
    """
    row = review_row(store, theme_id)
    if row is None:
        return
    if row["status"] == "draft":
        store.execute("UPDATE theme_reviews SET needs_rereview = ? WHERE theme_id = ?", [reason, theme_id])
        return
    _rereview(store, row, reason, "draft")
